import type { Caller } from './ipc-table';

/** A save dialog's suggestion: the file name in the user's downloads folder, and its type. */
export interface SaveFileOptions {
  title: string;
  fileName: string;
  filters?: { name: string; extensions: string[] }[];
}

/**
 * The native dialogs the job calls need, shown over the caller's window. An interface without
 * electron: native-dialogs.ts implements it for the app, the tests answer it themselves.
 */
export interface Dialogs {
  /** The open dialog (several files); the chosen paths, or [] when cancelled. */
  openFiles(caller: Caller, title: string): Promise<string[]>;
  /** The open dialog for one file or one folder; its path, or null when cancelled. */
  choosePath(caller: Caller, options: { title: string; folder: boolean }): Promise<string | null>;
  /** The save dialog (asks before overwriting); the path, or null when cancelled. */
  saveFile(caller: Caller, options: SaveFileOptions): Promise<string | null>;
  /** Shows a file in the system's file manager. */
  showInFolder(file: string): void;
}
