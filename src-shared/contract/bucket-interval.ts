/**
 * Time-bucket intervals of a group-by (`{ field: 'timestamp', interval: '5m' }`): a whole
 * number of one unit, ms to weeks.
 */
const intervalUnits = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

/** The length of a bucket interval in ms, or null when the text is not an interval. */
export function intervalMs(text: string): number | null {
  const m = /^(\d{1,6})(ms|s|m|h|d|w)$/u.exec(text);
  if (!m) return null;
  const n = Number(m[1]) * intervalUnits[m[2] as keyof typeof intervalUnits];
  return n > 0 ? n : null;
}
