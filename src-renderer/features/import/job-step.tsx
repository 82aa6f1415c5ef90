import { useState } from 'react';
import type { ImportProgress, ImportReport } from '../../../src-shared/contract/import-spec';
import type { ImportJobSnapshot } from '../../../src-shared/contract/jobs';
import { useJob, useJobClient } from '../../client/job-context';
import { ColumnHeads, type ColumnHead } from '../../components/column-heads';
import { JobCancelButton } from '../../components/job-cancel-button';
import { ProgressBar } from '../../components/progress-bar';
import { Loading } from '../../components/states';
import { formatBytes, formatCount } from '../../components/numbers';
import { formatDuration } from './spec-model';

/** The bad lines' table: Text takes what the others leave. */
const badLineColumns: readonly ColumnHead[] = [
  { label: 'File', width: '18%' },
  { label: 'Line', width: '64px', num: true },
  { label: 'Reason', width: '34%' },
  { label: 'Text' },
];

/** Step 3: the import's progress with Cancel, then its summary. */
export function JobStep(props: { jobId: string }) {
  const snapshot = useJob(props.jobId) as ImportJobSnapshot | null | undefined;
  if (snapshot === undefined)
    return <Loading label="Starting the import…" testId="import-starting" />;
  if (snapshot === null)
    return (
      <p className="muted" data-testid="import-job-gone">
        This import is no longer known to Eventlens (it ended long ago, or the app restarted).
      </p>
    );
  if (snapshot.state === 'running') return <Progress snapshot={snapshot} />;
  return <Summary snapshot={snapshot} />;
}

function Progress(props: { snapshot: ImportJobSnapshot }) {
  const { snapshot } = props;
  const p: ImportProgress | null = snapshot.progress;
  const pct = p && p.bytesTotal > 0 ? Math.min(100, (p.bytesRead / p.bytesTotal) * 100) : 0;
  return (
    <div className="import-progress" data-testid="import-progress" aria-busy="true">
      <p className="import-progress-title">
        Importing <span className="mono">{snapshot.title}</span>
        {p && p.fileCount > 1 ? ` (file ${p.fileIndex + 1} of ${p.fileCount})` : ''}
      </p>
      <ProgressBar
        value={pct}
        max={100}
        label={p ? `${Math.floor(pct)}% of ${formatBytes(p.bytesTotal)}` : 'starting…'}
        testId="import-progress-bar"
      />
      <dl className="import-figures tabular">
        <div>
          <dt>Committed</dt>
          <dd data-testid="import-committed">{formatCount(p?.events ?? 0)} events</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd data-testid="import-rate">
            {formatCount(Math.round(p?.eventsPerSecond ?? 0))} events/s
          </dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd data-testid="import-eta">{formatDuration(p?.etaMs ?? null)}</dd>
        </div>
        <div>
          <dt>Read</dt>
          <dd>{formatBytes(p?.bytesRead ?? 0)}</dd>
        </div>
        <div>
          <dt>Bad lines</dt>
          <dd data-testid="import-bad-so-far" className={p && p.bad > 0 ? 'warn' : ''}>
            {formatCount(p?.bad ?? 0)}
          </dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd>{formatDuration(p?.elapsedMs ?? 0)}</dd>
        </div>
      </dl>
      <JobCancelButton
        job={snapshot}
        testId="import-cancel"
        label="Cancel import"
        cancellingLabel="Cancelling after this batch…"
      />
      <p className="muted">
        Events are committed in batches: cancelling keeps every batch committed so far, and nothing
        of the batch in progress. You can close this dialog; the import goes on.
      </p>
    </div>
  );
}

function Summary(props: { snapshot: ImportJobSnapshot }) {
  const { imports } = useJobClient();
  const { snapshot } = props;
  const r: ImportReport | undefined = snapshot.result;
  const [saved, setSaved] = useState<string | null>(null);
  const headline =
    snapshot.state === 'done'
      ? 'Import complete'
      : snapshot.state === 'cancelled'
        ? 'Import cancelled'
        : 'Import failed';
  return (
    <div className="import-summary" data-testid="import-summary" data-state={snapshot.state}>
      <h3 className={`import-headline ${snapshot.state}`}>{headline}</h3>
      {snapshot.error && (
        <p className="field-error" role="alert" data-testid="import-error">
          {snapshot.error}
        </p>
      )}
      {r && (
        <>
          <p data-testid="import-summary-text">
            <strong data-testid="import-imported">{formatCount(r.events)}</strong> events{' '}
            {snapshot.state === 'cancelled' ? 'committed before the stop' : 'imported'} into{' '}
            <strong className="mono">{r.instance?.name ?? '—'}</strong>
            {r.instanceCreated ? ' (new instance)' : ''} from {formatCount(r.lines)} lines in{' '}
            {formatDuration(r.elapsedMs)} ({formatCount(Math.round(r.eventsPerSecond))} events/s).
            {r.replayed > 0 ? ` ${formatCount(r.replayed)} were already there.` : ''}
          </p>
          {r.committedThrough && snapshot.state !== 'done' && (
            <p className="muted">
              Everything up to {r.committedThrough.file}:{r.committedThrough.line} is stored.
            </p>
          )}
          <p data-testid="import-bad-count" className={r.bad > 0 ? 'warn' : 'muted'}>
            {r.bad === 0
              ? 'No bad lines.'
              : `${formatCount(r.bad)} line${r.bad === 1 ? ' was' : 's were'} not imported:`}
          </p>
          {r.bad > 0 && (
            <div className="import-bad-wrap">
              <table className="import-bad" data-testid="import-bad-lines">
                <ColumnHeads columns={badLineColumns} />
                <tbody>
                  {r.badLines.slice(0, 200).map((b) => (
                    <tr key={`${b.file}:${b.line}`} data-testid="import-bad-line">
                      <td className="mono">{b.file}</td>
                      <td className="num">{b.line}</td>
                      <td>{b.reason}</td>
                      <td className="mono muted">{b.text.slice(0, 160)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {r.bad > Math.min(200, r.badLines.length) && (
                <p className="muted">
                  Showing {Math.min(200, r.badLines.length)} of {formatCount(r.bad)}; the saved
                  report lists every one.
                </p>
              )}
            </div>
          )}
          {r.notes.length > 0 && (
            <ul className="import-notes muted">
              {r.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {r.bad > 0 && (
            <button
              type="button"
              className="button"
              data-testid="import-save-report"
              onClick={() =>
                void imports
                  .saveReport(snapshot.jobId)
                  .then((a) => setSaved(a.success ? (a.data.saved ?? null) : a.error))
              }
            >
              Save report…
            </button>
          )}
          {saved && <span className="muted"> {saved}</span>}
        </>
      )}
    </div>
  );
}
