import { parseRegex, type RegexNode } from '../../../src-shared/search/regex-syntax';

/**
 * Which regular expressions the mirror answers with SQLite's meaning.
 *
 * Both sides run RE2 with the same options: the engine re2-wasm 1.0.2 (search/text-match.ts:
 * flags `u` or `iu`, i.e. case-sensitive or not, `.` not matching a newline, `^`/`$` at the
 * ends of the text, an unanchored search), the mirror DuckDB's `regexp_matches(s, p)` or
 * `regexp_matches(s, p, 'i')` (RE2's defaults: the same). Both test strings only: the mirror's
 * string column of a path (`s`) holds exactly the values SQLite's `json_type = 'text'` admits.
 * What differs is the Unicode tables the two builds were made with (re2-wasm's are Unicode 13,
 * DuckDB's RE2 Unicode 15), which two things read:
 * - `\p{...}` and `\P{...}`: every category and script gained characters since (`\p{L}` holds
 *   the Vithkuqi letters U+10570... in DuckDB only), so a pattern with one is declined;
 * - case folding (`imatches`): the case pairs Unicode 14 added fold together in DuckDB only.
 *   An `imatches` whose literals or class ranges touch one of those characters is declined.
 *   The characters, found by comparing every cased character's fold orbit in both builds
 *   (mirror-regex.test.ts checks both builds still differ there and agree elsewhere):
 */
export const foldsDifferently: readonly (readonly [number, number])[] = [
  [0x2c2f, 0x2c2f], // Glagolitic capital letter caudate chrivi
  [0x2c5f, 0x2c5f], // its small letter
  [0xa7c0, 0xa7c1], // Latin old polish o
  [0xa7d0, 0xa7d1], // Latin closed insular g
  [0xa7d6, 0xa7d9], // Latin middle scots s, sigmoid s
  [0x10570, 0x105bc], // Vithkuqi
];

const touches = (from: number, to: number) =>
  foldsDifferently.some(([lo, hi]) => from <= hi && to >= lo);

/**
 * Whether the mirror gives this `matches` (or, with `ignoreCase`, `imatches`) pattern the
 * engine's meaning. A pattern the shared syntax refuses is left to SQLite too (its error).
 */
export function mirrorsRegex(pattern: string, ignoreCase: boolean): boolean {
  const parsed = parseRegex(pattern);
  if (!parsed.ok) return false;
  const same = (n: RegexNode): boolean => {
    switch (n.kind) {
      case 'literal':
        return !ignoreCase || !touches(n.cp, n.cp);
      case 'any':
      case 'assert':
        return true;
      case 'class':
        return n.items.every((item) =>
          item.kind === 'property'
            ? false
            : item.kind === 'perl' // \d \w \s and their negations are ASCII in RE2
              ? true
              : !ignoreCase || !touches(item.from, item.to),
        );
      case 'group':
        return same(n.body);
      case 'repeat':
        return same(n.body);
      case 'concat':
        return n.parts.every(same);
      case 'alt':
        return n.branches.every(same);
    }
  };
  return same(parsed.ast);
}
