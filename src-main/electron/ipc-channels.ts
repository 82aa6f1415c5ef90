/** IPC channel names, shared by main and preload. Plain constants: no electron import. */
export const ipcChannels = {
  /** invoke(operation, params): one validating router in main answers with the envelope. */
  call: 'eventlens:call',
  /** main -> every window: a ChangeEvent. */
  change: 'eventlens:change',
  /** invoke(jobId): cancels a job (see job-ipc.ts). */
  jobsCancel: 'eventlens:jobs.cancel',
  /** invoke(jobId): a job's snapshot. */
  jobsGet: 'eventlens:jobs.get',
  /** main -> every window: a JobSnapshot. */
  job: 'eventlens:job',
} as const;
