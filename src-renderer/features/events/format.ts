import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { TimeZoneMode } from '../../app/ui-store';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2026-01-03 14:05:09.123` in local time or UTC: sortable, fixed width, tabular. */
export function formatTime(ms: number, mode: TimeZoneMode): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  if (mode === 'utc') {
    return (
      `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
    );
  }
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)} ${units[i]!}`;
}

/** A value on one line, as a table cell shows it. */
export function inlineValue(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const summaryLimit = 300;

/**
 * A one-line summary of a payload, as log viewers show a line: the `message` (or `msg`, `text`)
 * first when there is one, then `key=value` pairs of the other top-level fields, cut at a few
 * hundred characters (the cell truncates visually anyway; the full event is in the detail pane).
 */
export function summarise(payload: { [key: string]: JsonValue }): string {
  const parts: string[] = [];
  let length = 0;
  const messageKey = ['message', 'msg', 'text'].find((k) => typeof payload[k] === 'string');
  if (messageKey) {
    const m = payload[messageKey] as string;
    parts.push(m);
    length += m.length;
  }
  for (const [key, value] of Object.entries(payload)) {
    if (key === messageKey) continue;
    if (length > summaryLimit) break;
    let text = inlineValue(value);
    if (text.length > 80) text = `${text.slice(0, 79)}…`;
    const part = `${key}=${text}`;
    parts.push(part);
    length += part.length + 1;
  }
  const line = parts.join(' ').replace(/\s+/gu, ' ');
  return line.length > summaryLimit ? `${line.slice(0, summaryLimit - 1)}…` : line;
}

/** The value at a DSL path in an event's payload or metadata, for extra columns. */
export function valueAt(
  root: { [key: string]: JsonValue },
  segments: readonly (string | number)[],
): JsonValue | undefined {
  let v: JsonValue | undefined = root;
  for (const seg of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? (typeof seg === 'number' ? v[seg] : undefined) : v[String(seg)];
  }
  return v;
}
