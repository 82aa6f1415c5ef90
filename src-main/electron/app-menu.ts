import { app, Menu, shell } from 'electron';
import { menuTemplate } from './menu-template';

/** Installs the application menu (menu-template.ts). */
export function installAppMenu(options: {
  databaseFile: string;
  backUp: () => void;
  openFiles: () => void;
}): void {
  const template = menuTemplate({
    isMac: process.platform === 'darwin',
    appName: app.getName(),
    showDatabase: () => shell.showItemInFolder(options.databaseFile),
    backUp: options.backUp,
    openFiles: options.openFiles,
    showAbout: () => app.showAboutPanel(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
