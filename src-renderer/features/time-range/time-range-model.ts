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

/**
 * "Last 15 minutes", "Last 1 hour of data" (ending at the instance's last event),
 * "2026-01-10 08:00:00 → 2026-01-11 11:59:59.999 UTC", "All time".
 */
export function describeTimeRange(range: TimeRange | null): string {
  if (range === null) return 'All time';
  if (range.kind === 'relative') {
    const ofData = range.end === 'data' ? ' of data' : '';
    const preset = relativePresets.find((p) => p.last === range.last);
    if (preset) return preset.label + ofData;
    const m = /^(\d+)([mhdw])$/u.exec(range.last);
    if (!m) return `Last ${range.last}${ofData}`;
    const n = Number(m[1]);
    return `Last ${n} ${unitNames[m[2]!]!}${n === 1 ? '' : 's'}${ofData}`;
  }
  const withMs = range.from % 1000 !== 0 || range.to % 1000 !== 0;
  return `${instantText(range.from, withMs)} → ${instantText(range.to, withMs)} UTC`;
}

/**
 * `2026-01-10 08:00:05` (UTC), with `.123` when `withMs`: the app's one way to write an
 * instant in a sentence — always with seconds, so two ends of a range read alike.
 */
export function instantText(ms: number, withMs = ms % 1000 !== 0): string {
  const iso = formatInstant(ms).replace('T', ' ');
  return withMs ? iso.slice(0, 23) : iso.slice(0, 19);
}

/** The range twice as wide around the same middle (zoom out ×2), as absolute instants. */
export function zoomOut(r: { from: number; to: number }): TimeRange {
  const half = Math.max(1000, r.to - r.from) / 2;
  return { kind: 'absolute', from: Math.floor(r.from - half), to: Math.ceil(r.to + half) };
}

/** Whole seconds from the first to the last event: "zoom to the data". */
export function dataRange(firstMs: number, lastMs: number): TimeRange {
  return {
    kind: 'absolute',
    from: Math.floor(firstMs / 1000) * 1000,
    to: Math.floor(lastMs / 1000) * 1000 + 999,
  };
}

/**
 * What a relative range should end at by default: the last event when the data ends long
 * before now (historical logs: "the last hour" before now would show nothing), else now.
 */
export function defaultRangeEnd(dataEnd: number | null, now: number): 'now' | 'data' {
  return dataEnd !== null && now - dataEnd > staleDataMs ? 'data' : 'now';
}

/** Data whose last event is older than this counts as historical. */
export const staleDataMs = 3_600_000;

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
