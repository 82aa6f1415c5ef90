import { formatInstant } from '../../../src-shared/contract/instants';
import { parseAbsolute } from '../../components/instant-text';
import type { TimeRange } from '../../state/query-store';

export interface RelativePreset {
  last: string;
  label: string;
}

export const relativePresets: readonly RelativePreset[] = [
  { last: '15m', label: 'Last 15 minutes' },
  { last: '30m', label: 'Last 30 minutes' },
  { last: '1h', label: 'Last 1 hour' },
  { last: '4h', label: 'Last 4 hours' },
  { last: '12h', label: 'Last 12 hours' },
  { last: '24h', label: 'Last 24 hours' },
  { last: '7d', label: 'Last 7 days' },
  { last: '30d', label: 'Last 30 days' },
];

const unitNames: Record<string, string> = { m: 'minute', h: 'hour', d: 'day', w: 'week' };

/** "Last 15 minutes", "2026-01-10 08:00 → 2026-01-11 12:00 UTC", "All time". */
export function describeTimeRange(range: TimeRange | null): string {
  if (range === null) return 'All time';
  if (range.kind === 'relative') {
    const preset = relativePresets.find((p) => p.last === range.last);
    if (preset) return preset.label;
    const m = /^(\d+)([mhdw])$/u.exec(range.last);
    if (!m) return `Last ${range.last}`;
    const n = Number(m[1]);
    return `Last ${n} ${unitNames[m[2]!]!}${n === 1 ? '' : 's'}`;
  }
  return `${shortInstant(range.from)} → ${shortInstant(range.to)} UTC`;
}

/** `2026-01-10 08:00:05` (UTC; seconds and ms only when they are not zero). */
export function shortInstant(ms: number): string {
  const iso = formatInstant(ms);
  let out = iso.slice(0, 16).replace('T', ' ');
  const sec = iso.slice(17, 19);
  const milli = iso.slice(20, 23);
  if (sec !== '00' || milli !== '000') out += `:${sec}`;
  if (milli !== '000') out += `.${milli}`;
  return out;
}

/**
 * Reads a relative range typed by hand: "15m", "last 3 hours", "2d". Null when it is not one.
 */
export function parseRelative(text: string): string | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^last\s+/u, '');
  const m = /^(\d{1,5})\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)$/u.exec(t);
  if (!m || Number(m[1]) === 0) return null;
  const unit = m[2]!.startsWith('mi') || m[2] === 'm' ? 'm' : m[2]![0]!;
  return `${Number(m[1])}${unit}`;
}

/** An absolute range from two instants, in order; null unless both parse and from <= to. */
export function absoluteRange(fromText: string, toText: string): TimeRange | null {
  const from = parseAbsolute(fromText);
  const to = parseAbsolute(toText);
  if (from === null || to === null || from > to) return null;
  return { kind: 'absolute', from, to };
}
