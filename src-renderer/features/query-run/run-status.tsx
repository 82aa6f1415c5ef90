import { formatDuration, type TimedQuery } from './use-timed-query';
import './query-run.css';
import { ToolButton } from '../../components/tool-button';

/**
 * What a run is doing: "running 3.2 s" with a cancel button while it runs (the window stays
 * usable: the engine works in a worker thread), then "N of M · 42 ms", or "cancelled".
 */
export function RunStatus(props: { run: TimedQuery; summary: string | null; testId?: string }) {
  const { run } = props;
  const state = run.running
    ? 'running'
    : run.cancelled
      ? 'cancelled'
      : run.error
        ? 'error'
        : run.result
          ? 'done'
          : 'idle';
  return (
    <span
      className="run-status"
      data-testid={props.testId ?? 'run-status'}
      data-state={state}
      aria-live="polite"
    >
      {run.running ? (
        <>
          <span className="spinner spinner-small" aria-hidden="true" />
          <span>running {formatDuration(run.elapsedMs)}</span>
          <ToolButton className="button-small" data-testid="cancel-run" onClick={run.cancel}>
            Cancel
          </ToolButton>
        </>
      ) : run.cancelled ? (
        <span className="text-warn">cancelled after {formatDuration(run.elapsedMs)}</span>
      ) : (
        props.summary && (
          <span>
            {props.summary}
            <span className="muted"> · {formatDuration(run.result?.tookMs ?? run.elapsedMs)}</span>
          </span>
        )
      )}
    </span>
  );
}
