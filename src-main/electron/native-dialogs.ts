import { app, BrowserWindow, dialog, shell, webContents } from 'electron';
import path from 'node:path';
import type { Dialogs } from './dialogs';
import type { Caller } from './ipc-table';

/** Electron's dialogs, modal to the window that asked. */
export function nativeDialogs(): Dialogs {
  const windowOf = (caller: Caller) => {
    const contents = webContents.fromId(caller.webContentsId);
    return contents ? BrowserWindow.fromWebContents(contents) : null;
  };
  return {
    async openFiles(caller, title) {
      const options: Electron.OpenDialogOptions = {
        title,
        properties: ['openFile', 'multiSelections'],
      };
      const win = windowOf(caller);
      const r = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options);
      return r.canceled ? [] : r.filePaths;
    },
    async choosePath(caller, { title, folder }) {
      const options: Electron.OpenDialogOptions = {
        title,
        properties: [folder ? 'openDirectory' : 'openFile'],
      };
      const win = windowOf(caller);
      const r = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async saveFile(caller, { title, fileName, filters }) {
      const options: Electron.SaveDialogOptions = {
        title,
        defaultPath: path.join(app.getPath('downloads'), fileName),
        ...(filters ? { filters } : {}),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const win = windowOf(caller);
      const r = win
        ? await dialog.showSaveDialog(win, options)
        : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    showInFolder: (file) => shell.showItemInFolder(file),
  };
}
