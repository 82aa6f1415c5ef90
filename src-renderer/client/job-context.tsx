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
  const [snapshot, setSnapshot] = useState<JobSnapshot | null | undefined>(undefined);
  useEffect(() => {
    setSnapshot(undefined);
    if (!jobId) return;
    let live = true;
    let pushed = false;
    const off = jobs.subscribe((s) => {
      if (s.jobId !== jobId) return;
      pushed = true;
      setSnapshot(s);
    });
    void jobs.get(jobId).then((answer) => {
      // A pushed snapshot is newer than the answer to a lookup sent before it.
      if (!live || pushed) return;
      setSnapshot(answer.success ? answer.data : null);
    });
    return () => {
      live = false;
      off();
    };
  }, [jobs, jobId]);
  return snapshot;
}
