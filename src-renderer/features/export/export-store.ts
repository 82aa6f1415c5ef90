import { create } from 'zustand';
import type { ExportRequest } from '../../../src-shared/contract/export-jobs';
import type { ExportJobSnapshot, JobSnapshot } from '../../../src-shared/contract/jobs';
import type { ExportJobClient } from './export-client';

interface ExportState {
  open: boolean;
  setOpen(open: boolean): void;
  /** The export under way or just ended (one at a time from this window). */
  job: ExportJobSnapshot | null;
  /** The file name of that job (the snapshot carries it only once it ends). */
  fileName: string | null;
  /** The job read the result once to find CSV columns before writing (two passes). */
  twoPass: boolean;
  /** Why the last start was refused (bad input, nothing written). */
  refused: string | null;
  starting: boolean;
  start(client: ExportJobClient, request: ExportRequest): Promise<void>;
  cancel(client: ExportJobClient): Promise<void>;
  /** Back to the form (after an export ended). */
  reset(): void;
}

let stopWatching: (() => void) | null = null;

/**
 * The export dialog's state, outside React: a job keeps being followed (and its file is
 * delivered) when the dialog is closed while it runs; reopening shows where it is.
 */
export const useExportStore = create<ExportState>()((set, get) => ({
  open: false,
  setOpen: (open) => set({ open }),
  job: null,
  fileName: null,
  twoPass: false,
  refused: null,
  starting: false,
  async start(client, request) {
    set({ starting: true, refused: null });
    const answer = await client.start(request);
    set({ starting: false });
    if (answer.kind === 'refused') return set({ refused: answer.error });
    if (answer.kind === 'dismissed') return;
    set({ job: asExport(answer.snapshot), fileName: request.fileName, twoPass: false });
    stopWatching?.();
    const { jobId } = answer.snapshot;
    let delivered = false;
    const { downloadUrl } = answer;
    stopWatching = client.watch(jobId, (pushed) => {
      if (get().job?.jobId !== jobId) return;
      const snapshot = asExport(pushed);
      set({ job: snapshot, ...(snapshot.progress?.phase === 'scanning' ? { twoPass: true } : {}) });
      if (snapshot.state === 'done' && !delivered) {
        delivered = true;
        if (downloadUrl) client.deliver(downloadUrl, request.fileName);
      }
    });
  },
  async cancel(client) {
    const job = get().job;
    if (job?.state === 'running') await client.cancel(job.jobId);
  },
  reset() {
    stopWatching?.();
    stopWatching = null;
    set({ job: null, refused: null, twoPass: false });
  },
}));

/** Export jobs carry export progress and reports (the job layer's union, narrowed). */
function asExport(snapshot: JobSnapshot): ExportJobSnapshot {
  return snapshot as ExportJobSnapshot;
}
