import { useAnalysisIndex } from './use-analysis-index';

/** The status bar's item: the analysis index's state for the current instance, explained on hover. */
export function AnalysisIndexStatus({ instanceId }: { instanceId: string }) {
  const view = useAnalysisIndex(instanceId);
  if (!view) return null;
  return (
    <span
      className={`status-item analysis-index analysis-index-${view.phase}`}
      data-testid="analysis-index"
      data-phase={view.phase}
      title={view.detail}
      role="status"
    >
      {view.phase === 'building' && (
        <progress className="analysis-index-bar" max={100} value={view.percent} aria-hidden />
      )}
      {view.label}
    </span>
  );
}

/**
 * Under a chart that is still running: why it may take a while (its instance's analysis index
 * is not built yet, so SQLite counts it from the log), instead of a bare "Running…".
 */
export function AnalysisIndexWait({ instanceId }: { instanceId: string | null | undefined }) {
  const view = useAnalysisIndex(instanceId);
  if (!view || view.phase === 'ready' || view.phase === 'failed') return null;
  const why =
    view.phase === 'building'
      ? `The analysis index is still being built (${view.percent}%)`
      : view.phase === 'checking'
        ? 'The analysis index is being checked'
        : 'The analysis index is in use by another program';
  return (
    <p className="analysis-index-wait" data-testid="analysis-index-wait" title={view.detail}>
      {why}, so this is counted from the log: the same answer, but it can take a while.
    </p>
  );
}
