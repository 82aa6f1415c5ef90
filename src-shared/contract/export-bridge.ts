import type { ExportRequest } from './export-jobs';
import type { JobSnapshot } from './jobs';

/**
 * What the desktop app's preload exposes as `window.eventlensExport` (following and cancelling
 * the job is the job layer's: `window.eventlens.jobs`, `onJob`). Plain types and constants
 * only: the sandboxed preload imports this file and must not pull zod into its bundle (main
 * validates every call with export-jobs.ts's schemas).
 */
export interface ExportBridge {
  /** Shows main's save dialog, then starts the job; `dismissed` when the user closed it. */
  start(
    request: ExportRequest,
  ): Promise<
    | { ok: true; snapshot: JobSnapshot }
    | { ok: true; dismissed: true }
    | { ok: false; error: string }
  >;
  /** Shows a finished export's file in the system's file manager. */
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
  'showInFolder',
  'saveImage',
] as const satisfies readonly (keyof ExportBridge)[];

/** IPC channels of the export bridge (main and preload). */
export const exportChannels = {
  start: 'eventlens:export:start',
  showInFolder: 'eventlens:export:show-in-folder',
  saveImage: 'eventlens:export:save-image',
} as const;
