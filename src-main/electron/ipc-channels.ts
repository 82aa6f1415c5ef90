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
  /** invoke(): the open dialog; the chosen files' refs. */
  importPick: 'eventlens:import.pick',
  /** invoke(path): a file dropped on the window (the preload read its path). */
  importDropped: 'eventlens:import.dropped',
  importPreview: 'eventlens:import.preview',
  importStart: 'eventlens:import.start',
  /** invoke(jobId): the save dialog, then the import's bad-lines report is copied there. */
  importSaveReport: 'eventlens:import.saveReport',
} as const;
