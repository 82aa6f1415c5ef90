import type {
  ExportProgress,
  ExportReport,
  ExportSpec,
} from '../../../src-shared/contract/export-spec';
import type {
  ImportPreview,
  ImportProgress,
  ImportReport,
  ImportSpec,
} from '../../../src-shared/contract/import-spec';
import type { OpenOptions } from '../db/connection';
import type { CommitInfo } from '../import/run-import';
import type { OpenedImport } from '../open/run-opened-import';

/**
 * The messages between a host (Electron's main process, the browser-mode server, the CLI) and
 * an I/O worker thread. A worker runs one job: it opens its own connection to the database
 * file (SQLite serialises the writers), reports progress, and answers once.
 */
export type IoJob =
  | {
      kind: 'import';
      db: string;
      dbOptions?: OpenOptions;
      spec: ImportSpec;
      files: string[];
      /** An opened file (one): its position is kept in opened_files. */
      open?: OpenedImport;
    }
  | { kind: 'preview'; spec: ImportSpec; files: string[]; n?: number }
  | { kind: 'export'; db: string; dbOptions?: OpenOptions; spec: ExportSpec };

export interface IoResults {
  import: ImportReport;
  preview: ImportPreview;
  export: ExportReport;
}

export type IoProgress = { import: ImportProgress; preview: never; export: ExportProgress };

/** Host to worker: the job of a worker started before it (startIoWorker), or cancel it. */
export type HostMessage = { type: 'job'; job: IoJob } | { type: 'cancel' };

/** Worker to host. */
export type WorkerMessage =
  | { type: 'progress'; progress: ImportProgress | ExportProgress }
  | { type: 'commit'; commit: CommitInfo }
  | { type: 'done'; result: ImportReport | ImportPreview | ExportReport }
  | { type: 'error'; name: string; message: string };
