/**
 * Case folding for case-insensitive text operators (icontains, istartsWith, ieq, and text
 * search over every field). The engine, the reference evaluator's documentation and the
 * renderer's highlighting all fold with this one definition:
 *
 *   each character is mapped as JavaScript's locale-independent `toUpperCase()` and then
 *   `toLowerCase()` map it, repeated until nothing changes.
 *
 * That is Unicode's default full case mapping, so: `Ä`≡`ä`; `ß`≡`ẞ`≡`ss`≡`SS`; `ς`≡`σ`≡`Σ`
 * (no final-sigma rule: each character folds alone); `İ` folds to `i̇` (i + U+0307 combining
 * dot), so `i` finds `İ` but `İ` does not find a plain `i`; the dotless `ı` folds to `i`; `ﬁ`≡`fi`;
 * the Kelvin sign `K` ≡ `k`. No normalisation: `é` (one code point) and `e` + U+0301 differ.
 *
 * The fold works on each code point independently (it is a homomorphism: fold(a + b) =
 * fold(a) + fold(b)), which is what lets a substring test on folded text stand for a
 * case-insensitive substring test, and lets the text index store folded text.
 */

// Printable and control ASCII only: toLowerCase alone is the whole fold there.
// eslint-disable-next-line no-control-regex
const ascii = /^[\u0000-\u007f]*$/u;

/** The case fold of a string (see above). */
export function foldCase(text: string): string {
  if (ascii.test(text)) return text.toLowerCase();
  // One round of upper-then-lower is the fixed point for every code point but two: `ς` comes
  // back from the final-sigma rule of toLowerCase (σ in every position instead), and `ẞ`
  // (U+1E9E) needs a second round (ẞ → ß → ss). Checked over every code point in fold.test.ts.
  return text
    .toUpperCase()
    .toLowerCase()
    .replace(/[ςß]/gu, (c) => (c === 'ς' ? 'σ' : 'ss'));
}

/**
 * The fold of `text` with, for each position of the folded string, the index in `text` of the
 * character it came from (UTF-16 units; `map.length === folded.length + 1`, the last entry is
 * `text.length`). Highlighting uses it to turn a match in folded text back into a range of the
 * original text: a match from folded index a to b covers text[map[a]] up to the end of the
 * character at map[b - 1].
 */
export function foldWithMap(text: string): { folded: string; map: number[] } {
  if (ascii.test(text)) {
    return {
      folded: text.toLowerCase(),
      map: Array.from({ length: text.length + 1 }, (_, i) => i),
    };
  }
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const piece = foldCase(text.slice(i, i + width));
    for (let k = 0; k < piece.length; k++) map.push(i);
    folded += piece;
    i += width;
  }
  map.push(text.length);
  return { folded, map };
}
