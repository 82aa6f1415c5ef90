import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  isMac: boolean;
  appName: string;
  showDatabase: () => void;
  /** File > Open…: pick log files and open them straight away. */
  openFiles: () => void;
  backUp: () => void;
  showAbout: () => void;
}

/**
 * The application menu: the usual entries with their platform shortcuts (roles carry the
 * standard accelerators; the others are given explicitly). Plain data (no electron import at
 * run time), so the menu is checked by a unit test (as a production build: vitest.config.ts).
 */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { isMac } = options;
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: options.openFiles },
        { type: 'separator' },
        {
          label: 'Show Database in Folder',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: options.showDatabase,
        },
        { label: 'Back Up…', click: options.backUp },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        // The developer tools can read and drive whatever the window can, its calls into the
        // database included: a user's build has none.
        ...(__EVENTLENS_DEV__ ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: `About ${options.appName}`, click: options.showAbout }],
    },
  ];
}
