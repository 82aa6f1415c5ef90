import { BrowserWindow } from 'electron';
import { createMainWindow, type MainWindowOptions } from './main-window';

/**
 * The windows this app opened: one main window (a second start focuses it). Only their pages
 * may call main (`isOurs`, for the IPC table's sender check) and hear its pushes (`send`).
 */
export class DesktopWindows {
  private main: BrowserWindow | null = null;
  private readonly ours = new Set<number>();

  /** `options` is read when a window opens (userData is known only once the app is ready). */
  constructor(private readonly options: () => MainWindowOptions) {}

  readonly isOurs = (webContentsId: number): boolean => this.ours.has(webContentsId);

  open(): void {
    const win = createMainWindow(this.options());
    const id = win.webContents.id;
    this.ours.add(id);
    win.on('closed', () => {
      this.ours.delete(id);
      if (this.main === win) this.main = null;
    });
    this.main = win;
  }

  /** macOS: the dock icon opens a window again when none is left. */
  openIfNone(): void {
    if (BrowserWindow.getAllWindows().length === 0) this.open();
  }

  focus(): void {
    const win = this.main;
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  }

  send(channel: string, message: unknown): void {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed() && this.ours.has(win.webContents.id)) {
        win.webContents.send(channel, message);
      }
    }
  }
}
