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
import { appEntryUrl, appOrigin, appScheme } from './trusted-urls';
import { appUrlForLink, linkInArgv } from './view-links';
import { desktopOpener, pickAndOpen } from './desktop-open';
import { filesInArgv, OpenQueue } from './open-requests';

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
  const entryUrl = devUrl ?? appEntryUrl;
  const windows = new DesktopWindows(() => ({
    preload: path.join(outDir, 'preload', 'index.cjs'),
    url: entryUrl,
    stateFile: path.join(app.getPath('userData'), 'window-state.json'),
  }));
  // eventlens:// links: macOS hands them to the running app (open-url, also before `ready`),
  // Windows and Linux start a second instance with the link as an argument.
  const openLink = (link: string) => {
    const target = appUrlForLink(link, entryUrl);
    if (target.ok) windows.show(target.url);
    else
      void app
        .whenReady()
        .then(() =>
          dialog.showErrorBox('Eventlens cannot open this link', `${target.error}.\n\n${link}`),
        );
  };
  app.on('open-url', (event, link) => {
    event.preventDefault();
    openLink(link);
  });
  // Files to open ("Open with", a drop on the Dock icon, `npm start -- FILE`): macOS sends
  // open-file (also before `ready`), Windows and Linux pass them as arguments, to this start
  // or to the running app's second-instance. They wait in the queue until the host is open.
  const argvLead = app.isPackaged ? 1 : 2;
  const toOpen = new OpenQueue();
  app.on('open-file', (event, file) => {
    event.preventDefault();
    toOpen.add([file]);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    windows.focus();
    const link = linkInArgv(argv);
    if (link) openLink(link);
    toOpen.add(filesInArgv(argv, argvLead, workingDirectory));
  });
  const startLink = linkInArgv(process.argv);
  if (startLink) openLink(startLink);
  toOpen.add(filesInArgv(process.argv, argvLead, process.cwd()));
  // Packages declare the scheme (electron-builder.ts), but NSIS installers register none:
  // the app registers itself. Not in development, where the executable is Electron's own.
  if (app.isPackaged) app.setAsDefaultProtocolClient(appScheme);
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
    const open = desktopOpener(host, windows, entryUrl);
    installAppMenu({
      databaseFile: host.engine.file,
      backUp: () => void backUpWithDialog(host.engine, electronNativeBinding(appRoot)),
      openFiles: () => void pickAndOpen(open),
    });
    windows.open();
    toOpen.ready((files) => void open(files));
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
