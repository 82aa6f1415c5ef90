/**
 * Deep equality of query answers, where numbers may differ in the last bits: compensated sums
 * and averages computed in another order (another plan, another engine) round differently.
 * `exact`: numbers must be equal (0 and -0 are); for answers that are values of the data,
 * such as percentiles.
 */
export function sameAnswer(a: unknown, b: unknown, exact = false): boolean {
  if (typeof a === 'number' && typeof b === 'number') return exact ? a === b : close(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => sameAnswer(x, b[i], exact))
    );
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      sameAnswer(ka, kb) &&
      ka.every((k) =>
        sameAnswer((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], exact),
      )
    );
  }
  return Object.is(a, b);
}

function close(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}
