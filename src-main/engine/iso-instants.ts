const dayMs = 86_400_000;
/** 10000-01-01T00:00:00Z: from here on toISOString writes a six-digit, signed year. */
const firstYear10000 = 253_402_300_800_000;

const pad2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const pad3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * `new Date(ts).toISOString()` for the many instants of an append's answer, which mostly fall
 * on a few days: the date part is made once per day and the time of day from tables, without
 * a Date per event. Anything else (fractions of a millisecond, before 1970, after year 9999)
 * goes to toISOString itself, so the text is always the same.
 */
export class IsoInstants {
  private dayStart = Number.NaN;
  private day = '';

  format(ts: number): string {
    let ms = ts - this.dayStart;
    if (!(ms >= 0 && ms < dayMs && Number.isInteger(ms))) {
      if (!(Number.isInteger(ts) && ts >= 0 && ts < firstYear10000))
        return new Date(ts).toISOString();
      this.dayStart = ts - (ts % dayMs);
      this.day = new Date(this.dayStart).toISOString().slice(0, 11); // 'YYYY-MM-DDT'
      ms = ts - this.dayStart;
    }
    const s = Math.floor(ms / 1000);
    const m = Math.floor(s / 60);
    return `${this.day}${pad2[Math.floor(m / 60)]!}:${pad2[m % 60]!}:${pad2[s % 60]!}.${pad3[ms % 1000]!}Z`;
  }
}
