/**
 * Progress on stderr: one line rewritten in place at a terminal; elsewhere (a pipe, a CI log)
 * a plain line every few seconds. Never on stdout, which carries the result.
 */
/** Where a ProgressLine writes, and its clock (tests give their own). */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A plain line at most this often. */
const plainEveryMs = 2_000;
/**
 * The first plain line waits this long, and the last state not printed is printed when the
 * line is done: a short job says where it ended, not where it began. A small file's import
 * printed "100% of 167.2 KiB, 0 events" (the file read, no batch written yet) above "Imported
 * 2,000 events".
 */
const firstPlainMs = 1_000;

export class ProgressLine {
  private lastPlain: number;
  /** On a pipe: the latest text not printed (the throttle held it back). */
  private pending: string | undefined;
  private shown = false;
  private readonly tty: boolean;

  constructor(
    private readonly quiet: boolean,
    private readonly out: ProgressOutput = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.tty = out.isTTY === true;
    this.lastPlain = now() - plainEveryMs + firstPlainMs;
  }

  update(text: string): void {
    if (this.quiet) return;
    if (this.tty) {
      const width = this.out.columns ?? 100;
      this.out.write(`\r${text.slice(0, width - 1).padEnd(width - 1)}`);
      this.shown = true;
      return;
    }
    const now = this.now();
    if (now - this.lastPlain < plainEveryMs) {
      this.pending = text;
      return;
    }
    this.lastPlain = now;
    this.pending = undefined;
    this.out.write(text + '\n');
  }

  /**
   * The first state of work that has begun: on a pipe printed at once (no first-second wait),
   * for whoever watches a log to know it started (`mirror build`'s first line says it opened
   * and checked the mirror and is copying).
   */
  start(text: string): void {
    if (!this.quiet && !this.tty) this.lastPlain = this.now() - plainEveryMs;
    this.update(text);
  }

  /**
   * Clears the line so what follows starts on a clean one; on a pipe, prints the last state
   * the throttle held back.
   */
  done(): void {
    if (this.tty && this.shown) this.out.write(`\r${' '.repeat((this.out.columns ?? 100) - 1)}\r`);
    if (!this.tty && this.pending !== undefined) {
      this.lastPlain = this.now();
      this.out.write(this.pending + '\n');
    }
    this.pending = undefined;
    this.shown = false;
  }

  message(text: string): void {
    this.done();
    this.out.write(text + '\n');
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
