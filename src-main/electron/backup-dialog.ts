import { app, BrowserWindow, dialog, type SaveDialogOptions } from 'electron';
import path from 'node:path';
import type { Engine } from '../engine/engine';
import { backupDatabase } from '../engine/maintenance/backup';

/**
 * File → Back up…: the save dialog, then the engine's online backup (the same function as
 * `eventlens backup`, tested there), then a message with the result. The dialog has asked
 * before replacing a file, so an existing one is overwritten (the database itself never is).
 */
export async function backUpWithDialog(engine: Engine, nativeBinding?: string): Promise<void> {
  const win = BrowserWindow.getFocusedWindow();
  const day = new Date().toISOString().slice(0, 10);
  const options: SaveDialogOptions = {
    title: 'Back up the database',
    defaultPath: path.join(app.getPath('documents'), `eventlens-backup-${day}.db`),
    filters: [{ name: 'Eventlens database', extensions: ['db'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const chosen = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
  if (chosen.canceled || !chosen.filePath) return;
  try {
    const result = await backupDatabase(engine.db, chosen.filePath, {
      overwrite: true,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    const size = `${(result.bytes / 1024 / 1024).toFixed(1)} MiB`;
    const message = {
      type: 'info' as const,
      message: 'Backup complete',
      detail: `${result.file} (${size}). Open it with --db to use it; Eventlens checks it in full first.`,
    };
    await (win ? dialog.showMessageBox(win, message) : dialog.showMessageBox(message));
  } catch (err) {
    dialog.showErrorBox('Backup failed', (err as Error).message);
  }
}
