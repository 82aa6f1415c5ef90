/**
 * Progress on stderr: one line rewritten in place at a terminal; elsewhere (a pipe, a CI log)
 * a plain line every few seconds. Never on stdout, which carries the result.
 */
export class ProgressLine {
  private lastPlain = 0;
  private shown = false;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly quiet: boolean) {}

  update(text: string): void {
    if (this.quiet) return;
    if (this.tty) {
      const width = process.stderr.columns ?? 100;
      process.stderr.write(`\r${text.slice(0, width - 1).padEnd(width - 1)}`);
      this.shown = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain < 2_000) return;
    this.lastPlain = now;
    process.stderr.write(text + '\n');
  }

  /** Clears the line so what follows starts on a clean one. */
  done(): void {
    if (this.tty && this.shown)
      process.stderr.write(`\r${' '.repeat((process.stderr.columns ?? 100) - 1)}\r`);
    this.shown = false;
  }

  message(text: string): void {
    this.done();
    process.stderr.write(text + '\n');
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export const formatCount = (n: number) => n.toLocaleString('en');

/** `1 event`, `2 events`. */
export const countOf = (n: number, noun: string) =>
  `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/**
 * Ctrl-C cancels the running job cleanly (what is committed stays); a second Ctrl-C quits at
 * once. Returns the signal and a function that removes the handler.
 */
export function cancelOnSigint(progress: ProgressLine): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      progress.message('eventlens: stopped.');
      process.exit(130);
    }
    progress.message('eventlens: cancelling after the current batch (Ctrl-C again to quit now)…');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/** Exit code of a job that was cancelled (128 + SIGINT, as shells report it). */
export const cancelledExitCode = 130;
