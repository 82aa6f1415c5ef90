import { BrowserWindow, screen } from 'electron';
import path from 'node:path';
import { loadWindowState, saveWindowState, type WindowState } from './window-state';

export interface MainWindowOptions {
  preload: string;
  url: string;
  stateFile: string;
}

/**
 * The one main window: secure webPreferences, and its size, position and maximized state
 * remembered in a small JSON file in userData.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = loadWindowState(options.stateFile, workAreas);
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Eventlens',
    backgroundColor: '#f7f7f8',
    webPreferences: {
      preload: path.resolve(options.preload),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (win.isDestroyed()) return;
    const next: WindowState = {
      // The normal bounds, so a maximized window comes back maximized over its old place.
      bounds: win.getNormalBounds(),
      maximized: win.isMaximized(),
    };
    try {
      saveWindowState(options.stateFile, next);
    } catch (err) {
      console.error('could not save the window state:', err);
    }
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', () => {
    clearTimeout(saveTimer);
    save();
  });

  void win.loadURL(options.url);
  return win;
}
