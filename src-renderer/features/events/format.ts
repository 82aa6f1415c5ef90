import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { TimeZoneMode } from '../../state/ui-store';

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

export { formatBytes, formatCount } from '../../components/numbers';

/** A value on one line, as a table cell shows it. */
export function inlineValue(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const summaryLimit = 200;
/**
 * Keys whose text leads a payload's summary, in this order of preference: `Content` is what the
 * Loghub-style line presets (HDFS, BGL, OpenStack, Windows CBS, Apache error) call the message,
 * `log` Docker's JSON logs, `body` OpenTelemetry's log records.
 */
const messageKeys = ['message', 'msg', 'text', 'content', 'log', 'body'];

/**
 * JSON text of a value, cut once it passes `budget` characters: a summary never needs more,
 * and stopping early keeps big nested payloads cheap (summaries are made for every row loaded).
 */
export function compactJson(value: JsonValue, budget: number): string {
  const out: string[] = [];
  let used = 0;
  const push = (text: string) => {
    out.push(text);
    used += text.length;
  };
  const walk = (v: JsonValue): void => {
    if (used > budget) return;
    if (v === null || typeof v !== 'object') {
      push(
        typeof v === 'string'
          ? JSON.stringify(v.length > budget ? v.slice(0, budget) : v)
          : String(v),
      );
      return;
    }
    if (Array.isArray(v)) {
      push('[');
      v.forEach((item, i) => {
        if (used > budget) return;
        if (i > 0) push(',');
        walk(item);
      });
      push(']');
      return;
    }
    push('{');
    let first = true;
    for (const key in v) {
      if (used > budget) break;
      push(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      walk(v[key]!);
    }
    push('}');
  };
  walk(value);
  const text = out.join('');
  return text.length > budget ? `${text.slice(0, budget - 1)}…` : text;
}

/**
 * A one-line summary of a payload, as log viewers show a line: the `message` (or `msg`, `text`,
 * `content`, …: messageKeys) first when there is one, then `key=value` pairs of the other top-level fields, cut at a few
 * hundred characters (the cell truncates visually anyway; the full event is in the detail pane).
 */
export function summarise(payload: { [key: string]: JsonValue }): string {
  let line = '';
  // Any case: Windows event logs say "Message", syslog-style JSON "msg". One pass over the
  // keys (this runs for every row of every page).
  let messageKey: string | undefined;
  let rank = messageKeys.length;
  for (const k in payload) {
    if (k.length > 7 || typeof payload[k] !== 'string') continue;
    const r = messageKeys.indexOf(k.toLowerCase());
    if (r >= 0 && r < rank) [messageKey, rank] = [k, r];
  }
  if (messageKey) line = (payload[messageKey] as string).slice(0, summaryLimit);
  for (const key in payload) {
    if (key === messageKey) continue;
    if (line.length > summaryLimit) break;
    const value = payload[key]!;
    const text =
      value !== null && typeof value === 'object'
        ? compactJson(value, 80)
        : typeof value === 'string' && value.length > 80
          ? `${value.slice(0, 79)}…`
          : String(value);
    line += `${line ? ' ' : ''}${key}=${text}`;
  }
  if (/[\n\r\t]/u.test(line)) line = line.replace(/\s+/gu, ' ');
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
