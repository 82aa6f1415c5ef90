import { useEffect, useState } from 'react';
import type { ImportJobSnapshot, JobSnapshot } from '../../../src-shared/contract/jobs';
import { useJobClient } from '../../client/job-context';
import { formatCount } from '../../components/numbers';

const isImport = (s: JobSnapshot): s is ImportJobSnapshot => s.kind === 'import';

/**
 * The status bar's running imports (an opened file streaming in, or an import from the dialog):
 * title, how far, events so far, and Cancel. Gone once the job ends; the instance's own facts
 * beside it then show the count.
 */
export function RunningImports() {
  const jobs = useJobClient();
  const [running, setRunning] = useState<ImportJobSnapshot[]>([]);
  useEffect(
    () =>
      jobs.subscribe((s) => {
        if (!isImport(s)) return;
        setRunning((list) => {
          const others = list.filter((j) => j.jobId !== s.jobId);
          return s.state === 'running' ? [...others, s] : others;
        });
      }),
    [jobs],
  );
  return running.map((job) => {
    const p = job.progress;
    const percent = p && p.bytesTotal > 0 ? Math.floor((p.bytesRead * 100) / p.bytesTotal) : 0;
    return (
      <span
        key={job.jobId}
        className="status-item status-job"
        data-testid="status-job"
        data-job-id={job.jobId}
        data-state={job.state}
      >
        <progress max={100} value={percent} aria-label={`${job.title}: ${percent}%`} />
        <span>
          {job.title} · {percent}% · {formatCount(p?.events ?? 0)} events
        </span>
        <button
          type="button"
          className="status-button status-cancel"
          data-testid="status-job-cancel"
          disabled={job.cancelling === true}
          onClick={() => void jobs.cancel(job.jobId)}
        >
          {job.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </span>
    );
  });
}
