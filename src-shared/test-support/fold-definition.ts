/**
 * Case folding as docs/query-dsl.md defines it, literally: upper then lower, per code point, to a
 * fixed point. Slow and obviously right: the oracle that `foldCase` and the reference evaluator
 * are held to.
 */
export function foldByDefinition(text: string): string {
  let out = text;
  for (;;) {
    const next = Array.from(out, (ch) => ch.toUpperCase().toLowerCase()).join('');
    if (next === out) return out;
    out = next;
  }
}
