/**
 * Timestamps on the wire: ISO 8601 strings (a string without a zone is UTC) or epoch milliseconds.
 * Parsed by hand rather than with Date.parse, which reads zone-less times as local time.
 */
const iso =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/u;

/** The instant range JavaScript dates can hold. */
export const maxEpochMs = 8.64e15;

export function parseIsoInstant(text: string): number | null {
  const m = iso.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Number((frac + '000').slice(0, 3));
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0..99 to 1900..1999; set the full year explicitly.
  const date = new Date(t);
  date.setUTCFullYear(year, month - 1, day);
  t = date.getTime();
  if (date.getUTCDate() !== day) return null; // 2023-02-30 and the like
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    if (Number(digits.slice(0, 2)) > 23 || Number(digits.slice(2) || '0') > 59) return null;
    t -= sign * offset * 60_000;
  }
  return Math.abs(t) <= maxEpochMs ? t : null;
}

/** An epoch-ms number or an ISO string, as an instant in ms; null when it is neither. */
export function parseInstant(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && Math.abs(value) <= maxEpochMs ? value : null;
  }
  if (typeof value === 'string') return parseIsoInstant(value.trim());
  return null;
}

export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}
