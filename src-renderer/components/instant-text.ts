import { formatInstant, parseInstant } from '../../src-shared/contract/instants';
import type { JsonValue } from '../../src-shared/contract/json-value';

/**
 * Reads an absolute instant typed by hand: ISO 8601 (zone-less = UTC), `2026-01-10 08:00`, or
 * epoch ms. Null when it is none of these.
 */
export function parseAbsolute(text: string): number | null {
  const t = text.trim();
  if (/^\d{10,}$/u.test(t)) return parseInstant(Number(t));
  return parseInstant(t);
}

/** `2026-01-10 08:00:00` for an instant (UTC), or the raw text when it is not one. */
export function instantInputText(v: JsonValue | undefined): string {
  const ms = parseInstant(v);
  if (ms === null) return v === undefined || v === null ? '' : JSON.stringify(v);
  return formatInstant(ms)
    .replace('T', ' ')
    .replace(/\.000Z$/u, '')
    .replace(/Z$/u, '');
}
