import path from 'node:path';
import { appScheme } from './trusted-urls';

/**
 * Files the desktop app is asked to open from outside the window — the OS "Open with" (macOS
 * `open-file` events, also before the app is ready; Windows and Linux a start, or a second
 * start handed to the running app, with the files as arguments). Plain functions (no electron
 * import), so they are unit-tested; desktop-open.ts wires them to Electron.
 */

/** Options of the app that take a value: their value is no file. */
const valueOptions = new Set(['--db']);

/**
 * The files among a process's arguments. `argv` is Electron's: the executable, then (when not
 * packaged) the app's folder, then the arguments; `skip` says how many lead (1 packaged, 2 not).
 * Options (`--x`, `--x=y`, Chromium's switches), an option's value, and `eventlens://` links
 * are not files; relative paths are resolved against `cwd` (a second instance's own folder).
 */
export function filesInArgv(argv: readonly string[], skip: number, cwd: string): string[] {
  const files: string[] = [];
  const args = argv.slice(skip);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      files.push(...args.slice(i + 1).map((f) => path.resolve(cwd, f)));
      break;
    }
    if (a.startsWith('-')) {
      if (valueOptions.has(a)) i++;
      continue;
    }
    if (a.toLowerCase().startsWith(`${appScheme}://`)) continue;
    files.push(path.resolve(cwd, a));
  }
  return files;
}

/**
 * Holds open requests until the app can serve them (macOS sends `open-file` before `ready`, and
 * a drop of several files on the Dock icon sends one event per file): `add` queues while not
 * ready, `ready` hands over what was queued, and from then on every `add` goes straight to the
 * handler. Files of one burst are handed over together.
 */
export class OpenQueue {
  private pending: string[] = [];
  private handler: ((files: string[]) => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly burstMs = 100) {}

  add(files: readonly string[]): void {
    if (files.length === 0) return;
    this.pending.push(...files);
    if (!this.handler || this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.burstMs);
  }

  ready(handler: (files: string[]) => void): void {
    this.handler = handler;
    this.flush();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.handler || this.pending.length === 0) return;
    const files = [...new Set(this.pending)];
    this.pending = [];
    this.handler(files);
  }
}
