import type { ExportJobSnapshot } from '../../../src-shared/contract/jobs';
import { useJobClient } from '../../client/job-context';
import { JobCancelButton } from '../../components/job-cancel-button';
import { ProgressBar } from '../../components/progress-bar';
import { Loading } from '../../components/states';
import { formatCount, formatDuration } from '../query-run/use-timed-query';
import { formatBytes } from '../../components/numbers';
import { useExportStore } from './export-store';

/**
 * A running export (rows of total, bytes, rate, time left, Cancel), then how it ended. `job` as
 * useJob gives it: undefined until known, null when the host no longer knows it.
 */
export function ExportProgressView(props: { job: ExportJobSnapshot | null | undefined }) {
  const { job } = props;
  const store = useExportStore();
  const client = useJobClient().exports;
  const close = () => {
    store.setOpen(false);
    store.reset();
  };
  if (job === undefined) return <Loading label="Starting the export…" testId="export-starting" />;
  if (job === null)
    return (
      <div className="export-progress" data-testid="export-progress" data-state="gone">
        <p className="muted" data-testid="export-job-gone">
          This export is no longer known to Eventlens (it ended long ago, or the app restarted).
        </p>
        <div className="form-actions">
          <button type="button" className="button" onClick={store.reset}>
            Back
          </button>
        </div>
      </div>
    );
  const p = job.progress;
  const r = job.result;
  const scanning = p?.phase === 'scanning';
  const twoPass = store.twoPass || scanning;
  // One bar for the whole job: a CSV without chosen columns reads everything twice (first to
  // find the columns), so each pass is half of it.
  const passFraction = p && p.total > 0 ? Math.min(1, p.rows / p.total) : 0;
  const fraction =
    job.state === 'done' ? 1 : twoPass ? (scanning ? 0 : 0.5) + passFraction / 2 : passFraction;
  return (
    <div
      className="export-progress"
      data-testid="export-progress"
      data-state={job.state}
      data-rows={r?.rows ?? p?.rows ?? 0}
    >
      {job.state === 'running' && (
        <>
          <div className="export-status">
            Exporting <code>{store.fileName}</code>
            <span className="muted">
              {twoPass
                ? scanning
                  ? ' · step 1 of 2: finding the columns'
                  : ' · step 2 of 2: writing'
                : ''}
            </span>
          </div>
          <ProgressBar value={fraction * 100} max={100} label={`${Math.floor(fraction * 100)}%`} />
          <dl className="figures export-figures" data-testid="export-figures">
            <dt>{scanning ? 'Events read' : 'Rows written'}</dt>
            <dd>
              {formatCount(p?.rows ?? 0)} of {p ? formatCount(p.total) : '…'}
            </dd>
            <dt>Written</dt>
            <dd>{formatBytes(p?.bytesWritten ?? 0)}</dd>
            <dt>Rate</dt>
            <dd>{p ? `${formatCount(p.rowsPerSecond)} rows/s` : '…'}</dd>
            <dt>Time left</dt>
            <dd>{p?.etaMs != null ? `about ${formatDuration(p.etaMs)}` : '…'}</dd>
          </dl>
          <JobCancelButton
            job={job}
            testId="export-cancel"
            label="Cancel export"
            cancellingLabel="Cancelling…"
          />
        </>
      )}
      {job.state === 'done' && r && (
        <>
          <p className="export-status export-ok" data-testid="export-done">
            Exported <strong>{formatCount(r.rows)}</strong>{' '}
            {r.kind === 'aggregation' ? 'groups' : 'rows'} to <code>{store.fileName}</code>
          </p>
          <dl className="figures export-figures">
            <dt>Size</dt>
            <dd data-testid="export-bytes" data-bytes={r.bytes}>
              {formatBytes(r.bytes)}
            </dd>
            <dt>Time</dt>
            <dd>{formatDuration(r.elapsedMs)}</dd>
            {r.columns && (
              <>
                <dt>Columns</dt>
                <dd className="export-column-list" title={r.columns.join(', ')}>
                  {r.columns.length}: {r.columns.slice(0, 8).join(', ')}
                  {r.columns.length > 8 ? ', …' : ''}
                </dd>
              </>
            )}
          </dl>
          <p className="muted">
            {client.mode === 'browser'
              ? 'The download has started; your browser puts it where it keeps downloads.'
              : 'Saved.'}
          </p>
          <div className="form-actions">
            {client.showInFolder && (
              <button
                type="button"
                className="button"
                onClick={() => void client.showInFolder?.(job.jobId)}
              >
                Show in folder
              </button>
            )}
            <button type="button" className="button" onClick={store.reset}>
              Export again
            </button>
            <button
              type="button"
              className="button button-primary"
              data-testid="export-close"
              onClick={close}
            >
              Close
            </button>
          </div>
        </>
      )}
      {(job.state === 'cancelled' || job.state === 'failed') && (
        <>
          <p
            className={`export-status ${job.state === 'failed' ? 'field-error' : ''}`}
            role={job.state === 'failed' ? 'alert' : 'status'}
            data-testid="export-ended"
          >
            {job.state === 'cancelled'
              ? `Cancelled after ${formatCount(r?.rows ?? p?.rows ?? 0)} rows. Nothing was saved: the partial file was removed.`
              : `The export failed: ${job.error ?? 'unknown error'}. Nothing was saved.`}
          </p>
          <div className="form-actions">
            <button type="button" className="button" onClick={store.reset}>
              Back
            </button>
            <button type="button" className="button button-primary" onClick={close}>
              Close
            </button>
          </div>
        </>
      )}
    </div>
  );
}
