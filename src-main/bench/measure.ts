/** Small helpers for benchmarks: summary statistics, memory samples and plain-text tables. */

export interface Summary {
  min: number;
  median: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

/** Resident set size over a run: sampled by the caller between units of work (the loop is sync). */
export class RssSampler {
  readonly start = process.memoryUsage.rss();
  peak = this.start;
  end = this.start;

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    this.end = rss;
  }
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;

/** Left-aligned first column, right-aligned others. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Reads `--name value` options. Options go to every suite that runs, so an option this suite
 * does not know is skipped with a warning (which still shows a typo).
 */
export function readOptions<K extends string>(
  args: readonly string[],
  defaults: Record<K, number | string>,
): Record<K, number | string> {
  const out = { ...defaults };
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const key = flag.replace(/^--/u, '') as K;
    const value = args[i + 1];
    if (!flag.startsWith('--') || value === undefined) {
      throw new Error(`expected "--option value", got "${flag}"`);
    }
    if (!Object.hasOwn(defaults, key)) {
      const known = Object.keys(defaults).map((k) => `--${k}`);
      console.warn(`(this suite ignores ${flag}; it knows ${known.join(', ')})`);
      continue;
    }
    out[key] = typeof defaults[key] === 'number' ? Number(value.replaceAll('_', '')) : value;
  }
  return out;
}
