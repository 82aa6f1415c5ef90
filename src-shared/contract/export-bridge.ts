import type { ExportJobSnapshot, ExportRequest } from './export-jobs';

/**
 * What the desktop app's preload exposes as `window.eventlensExport`. Plain types and constants
 * only: the sandboxed preload imports this file and must not pull zod into its bundle (main
 * validates every call with export-jobs.ts's schemas).
 */
export interface ExportBridge {
  /** Shows main's save dialog, then starts the job; `dismissed` when the user closed it. */
  start(
    request: ExportRequest,
  ): Promise<
    | { ok: true; snapshot: ExportJobSnapshot }
    | { ok: true; dismissed: true }
    | { ok: false; error: string }
  >;
  cancel(jobId: string): Promise<void>;
  get(jobId: string): Promise<ExportJobSnapshot | null>;
  /** Every snapshot main pushes (progress a few times a second, then the final one). */
  onJob(listener: (snapshot: ExportJobSnapshot) => void): () => void;
  showInFolder(jobId: string): Promise<void>;
  /** A chart image through main's save dialog. */
  saveImage(image: {
    fileName: string;
    bytes: Uint8Array;
  }): Promise<{ ok: true; saved: boolean } | { ok: false; error: string }>;
}

export const exportBridgeGlobalName = 'eventlensExport';

export const exportBridgeKeys = [
  'start',
  'cancel',
  'get',
  'onJob',
  'showInFolder',
  'saveImage',
] as const satisfies readonly (keyof ExportBridge)[];

/** IPC channels of the export bridge (main and preload). */
export const exportChannels = {
  start: 'eventlens:export:start',
  cancel: 'eventlens:export:cancel',
  get: 'eventlens:export:get',
  showInFolder: 'eventlens:export:show-in-folder',
  saveImage: 'eventlens:export:save-image',
  /** main -> windows: an ExportJobSnapshot. */
  job: 'eventlens:export:job',
} as const;
