import { app, dialog } from 'electron';
import path from 'node:path';
import type { Host } from '../host/open-host';
import { installAppMenu } from './app-menu';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { backUpWithDialog } from './backup-dialog';
import { electronNativeBinding, openDesktopHost } from './database';
import { connectWindows } from './desktop-ipc';
import { DesktopWindows } from './desktop-windows';
import { applyDevCsp, denyAllPermissions, hardenAllWebContents } from './hardening';
import { appEntryUrl, appOrigin } from './trusted-urls';

// The desktop shell: the only code that imports electron. Everything that owns data is the
// host's (plain Node, src-main/host); this file connects it to one window through the IPC table.

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
  // `electron-vite dev` serves the renderer from Vite's dev server and says where in
  // ELECTRON_RENDERER_URL. Only a development build reads it: in any other, a URL from the
  // environment would be loaded and trusted as the app's own origin (its IPC included).
  const devUrl = __EVENTLENS_DEV__ ? process.env.ELECTRON_RENDERER_URL : undefined;
  const origin = devUrl ? new URL(devUrl).origin : appOrigin;
  hardenAllWebContents(origin);
  const windows = new DesktopWindows(() => ({
    preload: path.join(outDir, 'preload', 'index.cjs'),
    url: devUrl ?? appEntryUrl,
    stateFile: path.join(app.getPath('userData'), 'window-state.json'),
  }));
  app.on('second-instance', () => windows.focus());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    const host = openHostOrExplain();
    if (!host) return;
    connectWindows(host, windows, origin);
    denyAllPermissions();
    if (devUrl) applyDevCsp(origin);
    else serveRenderer(path.join(outDir, 'renderer'));
    app.setAboutPanelOptions({
      applicationName: 'Eventlens',
      applicationVersion: app.getVersion(),
    });
    installAppMenu({
      databaseFile: host.engine.file,
      backUp: () => void backUpWithDialog(host.engine, electronNativeBinding(appRoot)),
    });
    windows.open();
    app.on('activate', () => windows.openIfNone());
    closeBeforeQuitting(host);
  });
}

/** The host on the database, or null after telling the user why it cannot open (and exiting). */
function openHostOrExplain(): Host | null {
  try {
    return openDesktopHost(appRoot, process.argv);
  } catch (err) {
    dialog.showErrorBox('Eventlens cannot open its database', (err as Error).message);
    app.exit(1);
    return null;
  }
}

/**
 * Electron does not wait for promises in `will-quit`: the quit is held until the host has
 * closed (running jobs cancelled, their partial files removed, workers gone, the database
 * closed), then goes on.
 */
function closeBeforeQuitting(host: Host): void {
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void host
      .close()
      .catch((err: unknown) => console.error('Eventlens did not close cleanly:', err))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
