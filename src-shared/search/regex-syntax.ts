import { structuralLimits } from '../contract/limits';
/**
 * The regular expressions of the `matches` and `imatches` operators: RE2 syntax (the engine
 * runs them with RE2, in time linear in the text), limited to the part that also has a meaning
 * in JavaScript, so that the renderer can highlight with the browser's RegExp what the engine
 * matched. Parsed here once, for three uses: validation (a clear message, before any engine
 * sees the pattern), the literal strings every match must contain (the text index looks those
 * up instead of reading every event), and the JavaScript equivalent (highlighting).
 *
 * Accepted: literals; `.`; `[...]` and `[^...]` with ranges; `\d \D \w \W \s \S \b \B`;
 * `\p{Name}` `\P{Name}` (`\pL` too); `\n \t \r \f \v \0 \xHH \x{H...}`, escaped punctuation;
 * `^ $ \A \z`; groups `(...)` and `(?:...)`; `|`; `* + ? {n} {n,} {n,m}` (m at most 1,000),
 * each optionally lazy (`*?`). Not accepted: backreferences and lookaround (no linear-time
 * engine has them), flag groups such as `(?i)` (use `imatches`), named groups, `\Q...\E`, `\C`,
 * POSIX classes `[[:alpha:]]`, octal escapes, and a `{`, `}` or `]` that is not escaped.
 */
export const maxPatternLength = structuralLimits.maxSearchTermLength;
const maxRepeat = 1_000;

export type RegexNode =
  | { kind: 'literal'; cp: number }
  | { kind: 'any' }
  | { kind: 'class'; negated: boolean; items: ClassItem[] }
  | { kind: 'assert'; what: 'start' | 'end' | 'word' | 'notWord' }
  | { kind: 'group'; body: RegexNode }
  | { kind: 'concat'; parts: RegexNode[] }
  | { kind: 'alt'; branches: RegexNode[] }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number | null; lazy: boolean };

export type ClassItem =
  | { kind: 'range'; from: number; to: number }
  | { kind: 'perl'; which: 'd' | 'D' | 'w' | 'W' | 's' | 'S' }
  | { kind: 'property'; name: string; negated: boolean };

export type ParsedRegex = { ok: true; ast: RegexNode } | { ok: false; message: string };

class Bad extends Error {}

export function parseRegex(pattern: string): ParsedRegex {
  if (pattern.length > maxPatternLength) {
    return {
      ok: false,
      message: `the regular expression is longer than ${maxPatternLength} characters`,
    };
  }
  const chars = Array.from(pattern);
  let i = 0;
  /** Where the construct being read starts: messages point there. */
  let start = 0;
  const fail = (why: string): never => {
    throw new Bad(`${why} at character ${Math.min(start, chars.length) + 1}`);
  };
  const peek = () => chars[i];
  const cpOf = (c: string) => c.codePointAt(0)!;

  const parseAlt = (): RegexNode => {
    const branches = [parseConcat()];
    while (peek() === '|') {
      i++;
      branches.push(parseConcat());
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', branches };
  };

  const parseConcat = (): RegexNode => {
    const parts: RegexNode[] = [];
    while (i < chars.length && peek() !== '|' && peek() !== ')') parts.push(parseRepeat());
    return parts.length === 1 ? parts[0]! : { kind: 'concat', parts };
  };

  const parseRepeat = (): RegexNode => {
    const atom = parseAtom();
    let node = atom;
    for (;;) {
      const c = peek();
      start = i;
      let min: number;
      let max: number | null;
      if (c === '*' || c === '+' || c === '?') {
        i++;
        [min, max] = c === '*' ? [0, null] : c === '+' ? [1, null] : [0, 1];
      } else if (c === '{') {
        const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/u.exec(chars.slice(i, i + 12).join(''));
        if (!m)
          fail(
            'a "{" that does not start a repetition such as {2,5} (write \\{ for the character)',
          );
        i += m![0].length;
        min = Number(m![1]);
        max = m![2] === undefined ? min : m![3] === '' ? null : Number(m![3]);
        if (min > maxRepeat || (max !== null && max > maxRepeat)) {
          fail(`a repetition count over ${maxRepeat}`);
        }
        if (max !== null && max < min) fail(`a repetition {${min},${max}} with max below min`);
      } else break;
      if (node.kind === 'assert') fail('a repetition of an anchor');
      if (node.kind === 'repeat') fail('a repetition of a repetition (add a group)');
      const lazy = peek() === '?';
      if (lazy) i++;
      node = { kind: 'repeat', body: node, min: min!, max: max!, lazy };
    }
    return node;
  };

  const parseAtom = (): RegexNode => {
    start = i;
    const c = chars[i++];
    switch (c) {
      case undefined:
        return fail('the expression ends too early');
      case '(': {
        if (peek() === '?') {
          if (chars[i + 1] !== ':') {
            const what =
              chars[i + 1] === '=' || chars[i + 1] === '!' || chars[i + 1] === '<'
                ? 'lookaround and named groups are not supported'
                : 'flag groups such as (?i) are not supported (use imatches for any case)';
            fail(what);
          }
          i += 2;
        }
        const open = start;
        const body = parseAlt();
        if (chars[i++] !== ')') {
          start = open;
          fail('a "(" without its ")"');
        }
        return { kind: 'group', body };
      }
      case ')':
        return fail('a ")" without its "("');
      case '[':
        return parseClass();
      case ']':
      case '{':
      case '}':
        return fail(`an unescaped "${c}" (write \\${c} for the character)`);
      case '*':
      case '+':
      case '?':
        return fail(`"${c}" with nothing before it to repeat`);
      case '.':
        return { kind: 'any' };
      case '^':
        return { kind: 'assert', what: 'start' };
      case '$':
        return { kind: 'assert', what: 'end' };
      case '\\':
        return parseEscape(false) as RegexNode;
      default:
        return { kind: 'literal', cp: cpOf(c) };
    }
  };

  /** After a backslash. In a class, answers a ClassItem or a literal code point. */
  const parseEscape = (inClass: boolean): RegexNode | ClassItem => {
    start = i - 1;
    const c = chars[i++];
    if (c === undefined) return fail('a "\\" at the end');
    const single: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, '0': 0 };
    if (c in single) {
      if (c === '0' && /\d/u.test(peek() ?? '')) fail('octal escapes are not supported');
      return { kind: 'literal', cp: single[c]! };
    }
    if ('dDwWsS'.includes(c))
      return inClass
        ? { kind: 'perl', which: c as 'd' }
        : classOf({ kind: 'perl', which: c as 'd' });
    if (c === 'b' || c === 'B') {
      if (inClass) fail('\\b inside [...] (write \\x08 for a backspace)');
      return { kind: 'assert', what: c === 'b' ? 'word' : 'notWord' };
    }
    if (c === 'A' || c === 'z') {
      if (inClass) fail(`\\${c} inside [...]`);
      return { kind: 'assert', what: c === 'A' ? 'start' : 'end' };
    }
    if (c === 'p' || c === 'P') {
      let name: string;
      if (peek() === '{') {
        const close = chars.indexOf('}', i);
        if (close < 0) fail('a \\p{ without its }');
        name = chars.slice(i + 1, close).join('');
        i = close + 1;
      } else {
        name = chars[i++] ?? fail('a \\p without a property name');
      }
      let negated = c === 'P';
      if (name.startsWith('^')) {
        negated = !negated;
        name = name.slice(1);
      }
      if (!/^[A-Za-z_]{1,40}$/u.test(name)) fail(`"${name}" is not a Unicode property name`);
      const item: ClassItem = { kind: 'property', name, negated };
      return inClass ? item : classOf(item);
    }
    if (c === 'x') {
      let hex: string;
      if (peek() === '{') {
        const close = chars.indexOf('}', i);
        if (close < 0) fail('a \\x{ without its }');
        hex = chars.slice(i + 1, close).join('');
        i = close + 1;
      } else {
        hex = chars.slice(i, i + 2).join('');
        i += 2;
      }
      const cp = /^[0-9A-Fa-f]{1,6}$/u.test(hex) ? parseInt(hex, 16) : NaN;
      if (!(cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff))
        fail(`"\\x${hex}" is not a character code`);
      return { kind: 'literal', cp };
    }
    if (/[1-9]/u.test(c)) return fail('backreferences are not supported');
    if (/[A-Za-z0-9]/u.test(c)) return fail(`"\\${c}" is not supported`);
    return { kind: 'literal', cp: cpOf(c) };
  };

  const classOf = (item: ClassItem): RegexNode => ({
    kind: 'class',
    negated: false,
    items: [item],
  });

  const parseClass = (): RegexNode => {
    const open = start;
    const negated = peek() === '^';
    if (negated) i++;
    const items: ClassItem[] = [];
    let first = true;
    const single = (): number | ClassItem => {
      start = i;
      const c = chars[i++];
      if (c === undefined) return fail('a "[" without its "]"');
      if (c === '\\') {
        const e = parseEscape(true);
        return e.kind === 'literal' ? e.cp : (e as ClassItem);
      }
      if (c === '[' && peek() === ':') fail('POSIX classes such as [[:alpha:]] are not supported');
      if (c === '[') fail('an unescaped "[" inside [...] (write \\[)');
      return cpOf(c);
    };
    while (first || peek() !== ']') {
      if (i >= chars.length) {
        start = open;
        fail('a "[" without its "]"');
      }
      if (first && peek() === ']') fail('an empty class "[]" (write \\] for the character)');
      first = false;
      const from = single();
      if (typeof from !== 'number') {
        items.push(from);
        continue;
      }
      if (peek() === '-' && chars[i + 1] !== ']' && chars[i + 1] !== undefined) {
        i++;
        const to = single();
        if (typeof to !== 'number') fail('a range that ends in a class such as \\d');
        if ((to as number) < from) fail('a range whose end comes before its start');
        items.push({ kind: 'range', from, to: to as number });
      } else {
        items.push({ kind: 'range', from, to: from });
      }
    }
    i++; // ]
    return { kind: 'class', negated, items };
  };

  try {
    const ast = parseAlt();
    start = i;
    if (i < chars.length) fail('a ")" without its "("');
    return { ok: true, ast };
  } catch (err) {
    if (err instanceof Bad) return { ok: false, message: err.message };
    throw err;
  }
}

// --- the literals every match contains ---------------------------------------------------

/** Strings a match must contain: all of `and`, or one of the alternatives of each `or`. */
export type Requirement =
  | { kind: 'true' }
  | { kind: 'literal'; text: string }
  | { kind: 'and'; parts: Requirement[] }
  | { kind: 'or'; parts: Requirement[] };

const TRUE: Requirement = { kind: 'true' };

function and(parts: Requirement[]): Requirement {
  const kept = parts.filter((p) => p.kind !== 'true');
  return kept.length === 0 ? TRUE : kept.length === 1 ? kept[0]! : { kind: 'and', parts: kept };
}

function or(parts: Requirement[]): Requirement {
  if (parts.some((p) => p.kind === 'true')) return TRUE;
  return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
}

/**
 * What every match of the pattern must contain, as literal strings of the text (exactly as
 * written: the caller folds them for a case-insensitive index). `asciiOnly`: treat non-ASCII
 * literals as unknown characters (RE2's case-insensitive matching folds by simple case
 * folding, which for some non-ASCII characters is not the index's fold).
 */
export function requiredLiterals(ast: RegexNode, asciiOnly = false): Requirement {
  const walk = (n: RegexNode): Requirement => {
    switch (n.kind) {
      case 'literal':
        return asciiOnly && n.cp > 0x7f
          ? TRUE
          : { kind: 'literal', text: String.fromCodePoint(n.cp) };
      case 'any':
      case 'class':
      case 'assert':
        return TRUE;
      case 'group':
        return walk(n.body);
      case 'alt':
        return or(n.branches.map(walk));
      case 'repeat':
        return n.min >= 1 ? walk(n.body) : TRUE;
      case 'concat': {
        // Adjacent literals form one string; zero-width assertions do not break a run.
        const parts: Requirement[] = [];
        let run = '';
        const flush = () => {
          if (run) parts.push({ kind: 'literal', text: run });
          run = '';
        };
        for (const p of n.parts) {
          if (p.kind === 'literal' && !(asciiOnly && p.cp > 0x7f))
            run += String.fromCodePoint(p.cp);
          else if (p.kind === 'assert') continue;
          else {
            flush();
            parts.push(walk(p));
          }
        }
        flush();
        return and(parts);
      }
    }
  };
  return walk(ast);
}

// --- JavaScript ----------------------------------------------------------------------------

const esc = (cp: number) => `\\u{${cp.toString(16)}}`;
const perlSets: Record<string, string> = {
  d: '0-9',
  w: '0-9A-Za-z_',
  s: '\\t\\n\\f\\r ',
};

function classItemSource(item: ClassItem): string {
  switch (item.kind) {
    case 'range':
      return item.from === item.to ? esc(item.from) : `${esc(item.from)}-${esc(item.to)}`;
    case 'perl':
      // RE2's \d \w \s are ASCII-only (\s without \v); JavaScript's \s is wider.
      return item.which === item.which.toLowerCase() ? perlSets[item.which]! : '';
    case 'property':
      return `\\${item.negated ? 'P' : 'p'}{${item.name}}`;
  }
}

/**
 * The pattern as a JavaScript regular expression source for the `u` flag (add `i` for
 * imatches, `g` to find every match), with RE2's meaning: `.` is any character but a newline,
 * `\s` is `[\t\n\f\r ]`, `$` is the end of the text. Highlighting only: RE2 decides what
 * matches (JavaScript's case-insensitive classes and Unicode tables can differ at the edges).
 */
export function toJsSource(ast: RegexNode): string {
  const walk = (n: RegexNode): string => {
    switch (n.kind) {
      case 'literal':
        return esc(n.cp);
      case 'any':
        return '[^\\n]';
      case 'class': {
        const negatedPerl = n.items.filter(
          (x): x is Extract<ClassItem, { kind: 'perl' }> =>
            x.kind === 'perl' && x.which !== x.which.toLowerCase(),
        );
        const plain = n.items.map(classItemSource).join('');
        if (negatedPerl.length === 0) return `[${n.negated ? '^' : ''}${plain}]`;
        // [\Dx] = "not a digit, or x": an alternation, since a class cannot hold a complement.
        const alts = negatedPerl.map((p) => `[^${perlSets[p.which.toLowerCase()]!}]`);
        if (plain) alts.push(`[${plain}]`);
        const any = `(?:${alts.join('|')})`;
        // [^\Dx]: neither a non-digit nor x = a digit that is not x.
        return n.negated ? `(?!${any})[^]` : any;
      }
      case 'assert':
        return n.what === 'start'
          ? '^'
          : n.what === 'end'
            ? '$'
            : n.what === 'word'
              ? '\\b'
              : '\\B';
      case 'group':
        return `(?:${walk(n.body)})`;
      case 'concat':
        return n.parts.map(walk).join('');
      case 'alt':
        return n.branches.map(walk).join('|');
      case 'repeat': {
        const q =
          n.min === 0 && n.max === null
            ? '*'
            : n.min === 1 && n.max === null
              ? '+'
              : n.min === 0 && n.max === 1
                ? '?'
                : `{${n.min},${n.max ?? ''}}`;
        const body = walk(n.body);
        const atom = n.body.kind === 'concat' || n.body.kind === 'alt' ? `(?:${body})` : body;
        return `${atom}${q}${n.lazy ? '?' : ''}`;
      }
    }
  };
  return walk(ast);
}
