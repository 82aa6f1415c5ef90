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

  /** The address the next window opens at instead of the app's entry (a link it was started with). */
  private startUrl: string | null = null;

  open(): void {
    const options = this.options();
    const win = createMainWindow(this.startUrl ? { ...options, url: this.startUrl } : options);
    this.startUrl = null;
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

  /**
   * Shows an app URL (a view link, already checked: view-links.ts) in the main window, or in the
   * window about to open. Same document, another fragment: the renderer follows its hashchange.
   */
  show(url: string): void {
    const win = this.main;
    if (!win || win.isDestroyed()) {
      this.startUrl = url;
      return;
    }
    void win.loadURL(url);
    this.focus();
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
