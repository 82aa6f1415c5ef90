/**
 * JSON text to values, keeping integers that a double cannot hold. Windows event logs carry
 * `"Keywords": -9223372036854775808`; JSON.parse would turn it into -9223372036854776000,
 * silently another number. Such integers are kept as strings, exactly as written.
 */

export function parseJsonText(text: string): unknown {
  return JSON.parse(hasLongDigitRun(text) ? quoteUnsafeIntegers(text) : text);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Only lines with a run of 16+ digits can hold an unsafe integer: the fast path skips the rest.
 * Any 16 consecutive characters hold one of every 16th position, so it looks at those only and
 * measures the run around a digit it meets: ~5x faster than /\d{16}/ on event lines, which runs
 * on every line of an import.
 */
export function hasLongDigitRun(text: string): boolean {
  const n = text.length;
  for (let i = 15; i < n; i += 16) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let lo = i;
    while (lo > 0 && isDigit(text.charCodeAt(lo - 1))) lo--;
    let hi = i + 1;
    while (hi < n && isDigit(text.charCodeAt(hi))) hi++;
    if (hi - lo >= 16) return true;
    // A longer run must start after this one; it holds a position hi + 15 + 16k.
    i = hi - 1;
  }
  return false;
}

/** Wraps integer literals outside strings that a double cannot hold exactly in quotes. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 /* - */ || isDigit(c)) {
      const start = i;
      i++;
      let integer = true;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isDigit(d)) i++;
        else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) {
          integer = false; // . e E + -: a float, which is a double by nature
          i++;
        } else break;
      }
      const token = text.slice(start, i);
      // Quoted when the double would read back as another number (-2^53 and 1e20 are exact).
      if (integer && i - start >= 16 && String(Number(token)) !== token) {
        out += text.slice(copied, start) + `"${token}"`;
        copied = i;
      }
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
