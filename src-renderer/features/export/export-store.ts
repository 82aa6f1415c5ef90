import { create } from 'zustand';
import type { ExportClient } from '../../client/export-client';
import type { ExportRequest } from '../../../src-shared/contract/export-jobs';

interface ExportState {
  open: boolean;
  setOpen(open: boolean): void;
  /** The export under way or just ended (one at a time from this window); follow it with useJob. */
  jobId: string | null;
  /** The file name of that job (the snapshot carries it only once it ends). */
  fileName: string | null;
  /** The job read the result once to find CSV columns before writing (two passes). */
  twoPass: boolean;
  /** Seen a snapshot of the first of two passes (kept: the next snapshots are of the second). */
  markTwoPass(): void;
  /** Why the last start was refused (bad input, nothing written). */
  refused: string | null;
  starting: boolean;
  start(client: ExportClient, request: ExportRequest): Promise<void>;
  /** Back to the form (after an export ended). */
  reset(): void;
}

/**
 * The export dialog's state, outside React: the dialog can be closed while its export runs and
 * reopened to see where it is. The job itself is followed like every job (useJob), and its file
 * is delivered by the export client.
 */
export const useExportStore = create<ExportState>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
  jobId: null,
  fileName: null,
  twoPass: false,
  markTwoPass: () => set({ twoPass: true }),
  refused: null,
  starting: false,
  async start(client, request) {
    set({ starting: true, refused: null });
    const answer = await client.start(request);
    set({ starting: false });
    if (!answer.success) return set({ refused: answer.error });
    if ('dismissed' in answer.data) return;
    set({ jobId: answer.data.snapshot.jobId, fileName: request.fileName, twoPass: false });
  },
  reset: () => set({ jobId: null, refused: null, twoPass: false }),
}));
