/**
 * Counts and sizes as every screen writes them: counts grouped by thousands (1,234,567), sizes in
 * binary units (B, KiB, MiB, GiB, TiB), one system for the whole app (issue 19: MB, KB and MiB
 * were mixed).
 */

const counts = new Intl.NumberFormat('en-US');

/** 1,234,567 — one formatter for all (toLocaleString builds one per call). */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** "1 event", "1,234 events": a count with its noun, singular for exactly one. */
export function countOf(n: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : nouns}`;
}

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 999 B, 1.46 KiB, 117.7 MiB. */
export function formatBytes(n: number): string {
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)} ${units[i]!}`;
}
