import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { JobSnapshot } from '../../src-shared/contract/jobs';
import type { JobClient } from './job-client';

const JobClientContext = createContext<JobClient | null>(null);

export function JobClientProvider(props: { jobs: JobClient; children: ReactNode }) {
  return <JobClientContext.Provider value={props.jobs}>{props.children}</JobClientContext.Provider>;
}

export function useJobClient(): JobClient {
  const jobs = useContext(JobClientContext);
  if (!jobs) throw new Error('useJobClient outside <JobClientProvider>');
  return jobs;
}

/**
 * The latest snapshot of one job: looked up once (a reopened dialog or a reloaded page), then
 * kept current by the pushed snapshots. Undefined until known; null when the host does not know
 * the job (finished long ago, or the host restarted).
 */
export function useJob(jobId: string | null): JobSnapshot | null | undefined {
  const jobs = useJobClient();
  // Keyed by job id, so a new id shows "unknown yet" at once, without a reset in an effect.
  const [known, setKnown] = useState<{ jobId: string; snapshot: JobSnapshot | null } | null>(null);
  useEffect(() => {
    if (!jobId) return;
    let live = true;
    let pushed = false;
    const off = jobs.subscribe((s) => {
      if (s.jobId !== jobId) return;
      pushed = true;
      setKnown({ jobId, snapshot: s });
    });
    void jobs.get(jobId).then((answer) => {
      // A pushed snapshot is newer than the answer to a lookup sent before it.
      if (!live || pushed) return;
      setKnown({ jobId, snapshot: answer.success ? answer.data : null });
    });
    return () => {
      live = false;
      off();
    };
  }, [jobs, jobId]);
  return jobId && known?.jobId === jobId ? known.snapshot : undefined;
}
