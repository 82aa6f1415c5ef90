import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: the usual entries with their platform shortcuts (roles carry the
 * standard accelerators; the others are given explicitly).
 */
export function installAppMenu(options: { databaseFile: string; backUp: () => void }): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'Show Database in Folder',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: () => shell.showItemInFolder(options.databaseFile),
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
        { role: 'toggleDevTools' },
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
      submenu: [
        {
          label: `About ${app.getName()}`,
          click: () => app.showAboutPanel(),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
