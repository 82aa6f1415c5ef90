import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import path from 'node:path';
import { ChangeFeed } from '../engine/change-feed';
import type { Engine } from '../engine/engine';
import { createMirroredQueryRunner } from '../engine/mirror/mirrored-query-runner';
import { EventLogService } from '../engine/service';
import { JobHost } from '../jobs/job-host';
import { installAppMenu } from './app-menu';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { electronNativeBinding, openDesktopEngine } from './database';
import { registerExportIpc } from './export-ipc';
import { applyDevCsp, denyAllPermissions, hardenAllWebContents } from './hardening';
import { ipcChannels } from './ipc-channels';
import { createIpcRouter, type IpcSender } from './ipc-router';
import { createImportIpc } from './import-ipc';
import { createJobIpc } from './job-ipc';
import { createMainWindow } from './main-window';
import { appEntryUrl, appOrigin } from './trusted-urls';

// The desktop shell: the only code that imports electron. Everything that owns data is the
// engine's (plain Node); this file wires it to one window, one IPC router and the change feed.

const outDir = path.resolve(import.meta.dirname, '..'); // out/main -> out
/** The project folder (package.json, native/): found from this file, however Electron was started. */
const appRoot = path.resolve(outDir, '..');
// Tests (and careful users) can keep the window state away from the real profile.
if (process.env.EVENTLENS_USER_DATA) app.setPath('userData', process.env.EVENTLENS_USER_DATA);

registerAppScheme(); // before `ready`, as Electron requires

if (!app.requestSingleInstanceLock()) {
  // Another Eventlens is running: it gets focused (second-instance) and this one leaves.
  app.quit();
} else {
  start();
}

function start(): void {
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const origin = devUrl ? new URL(devUrl).origin : appOrigin;
  hardenAllWebContents(origin);

  let mainWindow: BrowserWindow | null = null;
  const ourWindows = new Set<number>();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    let engine: Engine;
    try {
      engine = openDesktopEngine(appRoot, process.argv);
    } catch (err) {
      dialog.showErrorBox('Eventlens cannot open its database', (err as Error).message);
      app.exit(1);
      return;
    }
    // Queries run on worker threads with read-only connections: the main process keeps serving
    // the windows while a heavy query runs. Aggregations over payload fields go to the columnar
    // mirror, built and kept on a worker thread of its own (engine/mirror/).
    const nativeBinding = electronNativeBinding(appRoot);
    const { queryRunner, mirror } = createMirroredQueryRunner(engine, {
      workerScript: path.join(outDir, 'main', 'query-worker.js'),
      mirrorWorkerScript: path.join(outDir, 'main', 'mirror-worker.js'),
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    const service = new EventLogService(engine, { queryRunner });
    const feed = new ChangeFeed(service).start();
    mirror?.follow(feed);
    const route = createIpcRouter(service, origin);
    // Imports and exports run on worker threads with their own connections; a committed import
    // batch makes the feed look at once, so windows see it as an ordinary change event.
    const jobs = new JobHost({
      workerFile: path.join(outDir, 'main', 'io-worker.js'),
      db: engine.file,
      ...(nativeBinding ? { dbOptions: { nativeBinding } } : {}),
      onCommit: () => feed.poll(),
      holdWhileRunning: () => queryRunner.holdBuilds(),
    });
    const jobIpc = createJobIpc(jobs, origin);
    const senderOf = (event: Electron.IpcMainInvokeEvent): IpcSender => {
      const frame = event.senderFrame;
      return {
        frameUrl: frame?.url,
        isMainFrame: frame !== null && frame.parent === null,
        isOurWindow: ourWindows.has(event.sender.id),
      };
    };

    ipcMain.handle(
      ipcChannels.call,
      (event, operation: unknown, params: unknown, requestId: unknown) =>
        route(senderOf(event), operation, params, requestId),
    );
    const exports = registerExportIpc({
      jobs,
      appOrigin: origin,
      isOurWindow: (id) => ourWindows.has(id),
    });
    ipcMain.handle(ipcChannels.jobsCancel, (event, jobId: unknown) =>
      jobIpc.cancel(senderOf(event), jobId),
    );
    ipcMain.handle(ipcChannels.jobsGet, (event, jobId: unknown) =>
      jobIpc.get(senderOf(event), jobId),
    );
    const importIpc = createImportIpc(
      jobs,
      origin,
      {
        openFiles: async () => {
          const win = BrowserWindow.getFocusedWindow();
          const options: Electron.OpenDialogOptions = {
            title: 'Import files',
            properties: ['openFile', 'multiSelections'],
          };
          const r = win
            ? await dialog.showOpenDialog(win, options)
            : await dialog.showOpenDialog(options);
          return r.canceled ? [] : r.filePaths;
        },
        saveReport: async (defaultName) => {
          const win = BrowserWindow.getFocusedWindow();
          const options: Electron.SaveDialogOptions = {
            title: 'Save the bad-lines report',
            defaultPath: defaultName,
          };
          const r = win
            ? await dialog.showSaveDialog(win, options)
            : await dialog.showSaveDialog(options);
          return r.canceled || !r.filePath ? null : r.filePath;
        },
      },
      path.join(app.getPath('temp'), `eventlens-reports-${process.pid}`),
    );
    ipcMain.handle(ipcChannels.importPick, (event) => importIpc.pick(senderOf(event)));
    ipcMain.handle(ipcChannels.importDropped, (event, file: unknown) =>
      importIpc.dropped(senderOf(event), file),
    );
    ipcMain.handle(ipcChannels.importPreview, (event, body: unknown) =>
      importIpc.preview(senderOf(event), body),
    );
    ipcMain.handle(ipcChannels.importStart, (event, body: unknown) =>
      importIpc.start(senderOf(event), body),
    );
    ipcMain.handle(ipcChannels.importSaveReport, (event, jobId: unknown) =>
      importIpc.saveReport(senderOf(event), jobId),
    );
    const sendToOurWindows = (channel: string, message: unknown) => {
      for (const win of BrowserWindow.getAllWindows()) {
        if (!win.isDestroyed() && ourWindows.has(win.webContents.id)) {
          win.webContents.send(channel, message);
        }
      }
    };
    feed.subscribe((change) => sendToOurWindows(ipcChannels.change, change));
    jobs.subscribe((snapshot) => sendToOurWindows(ipcChannels.job, snapshot));

    denyAllPermissions();
    if (devUrl) applyDevCsp(origin);
    else serveRenderer(path.join(outDir, 'renderer'));
    app.setAboutPanelOptions({
      applicationName: 'Eventlens',
      applicationVersion: app.getVersion(),
    });
    installAppMenu({ databaseFile: engine.file });

    const openWindow = () => {
      const win = createMainWindow({
        preload: path.join(outDir, 'preload', 'index.cjs'),
        url: devUrl ?? appEntryUrl,
        stateFile: path.join(app.getPath('userData'), 'window-state.json'),
      });
      const id = win.webContents.id;
      ourWindows.add(id);
      win.on('closed', () => {
        ourWindows.delete(id);
        if (mainWindow === win) mainWindow = null;
      });
      mainWindow = win;
    };
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
    app.on('will-quit', () => {
      // Running exports are cancelled: their partial files are removed, nothing half-written.
      exports.close();
      void jobs.close();
      feed.stop();
      void queryRunner.close();
      engine.close();
    });
  });
}
