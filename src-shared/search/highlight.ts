import { parseField, type FieldRef } from '../contract/fields';
import { anyField, type WhereNode } from '../contract/query';
import { foldWithMap } from './fold';
import { parseRegex, toJsSource } from './regex-syntax';

/**
 * What to highlight in a cell or a JSON value, from a query's conditions: the renderer asks for
 * the ranges of a string shown for a field (`payload.userAgent`, `stream_id`, ...). Only the
 * text conditions that select events are used (not those under an odd number of `not`s):
 * contains/icontains/matches/imatches on `*` apply to every field, the others to their own.
 * Case folding is the engine's (foldCase); regular expressions run as the JavaScript
 * translation of the RE2 pattern (toJsSource), which agrees with RE2 but at the edges.
 */
export type Range = [start: number, end: number];

interface Term {
  field: FieldRef | '*';
  find: (text: string) => Range[];
}

export interface Highlighter {
  /** Whether there is anything to highlight at all. */
  readonly empty: boolean;
  /** Sorted, merged [start, end) ranges (UTF-16 indexes) of `text` shown for `field`. */
  ranges(text: string, field: string): Range[];
}

export function highlighter(where: readonly WhereNode[] | undefined): Highlighter {
  const terms: Term[] = [];
  const visit = (node: WhereNode, negated: boolean) => {
    if ('or' in node) return node.or.forEach((n) => visit(n, negated));
    if ('and' in node) return node.and.forEach((n) => visit(n, negated));
    if ('not' in node) return visit(node.not, !negated);
    if (negated || typeof node.value !== 'string') return;
    const find = finder(node.operator, node.value);
    if (!find) return;
    if (node.field === anyField) {
      if (['contains', 'icontains', 'matches', 'imatches'].includes(node.operator)) {
        terms.push({ field: '*', find });
      }
      return;
    }
    const parsed = parseField(node.field);
    if (parsed.ok) terms.push({ field: parsed.field, find });
  };
  for (const node of where ?? []) visit(node, false);
  return {
    empty: terms.length === 0,
    ranges(text, field) {
      if (terms.length === 0 || text.length === 0) return [];
      const parsed = parseField(field);
      const target = parsed.ok ? parsed.field : null;
      const found: Range[] = [];
      for (const t of terms) {
        if (t.field !== '*' && (!target || !sameField(t.field, target))) continue;
        found.push(...t.find(text));
      }
      return merge(found);
    },
  };
}

function sameField(a: FieldRef, b: FieldRef): boolean {
  if (a.kind === 'top' || b.kind === 'top') {
    return a.kind === 'top' && b.kind === 'top' && a.name === b.name;
  }
  return (
    a.root === b.root &&
    a.segments.length === b.segments.length &&
    a.segments.every((s, i) => s === b.segments[i])
  );
}

function merge(ranges: Range[]): Range[] {
  if (ranges.length < 2) return ranges;
  ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Range[] = [[...ranges[0]!]];
  for (const [s, e] of ranges.slice(1)) {
    const last = out[out.length - 1]!;
    if (s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Every occurrence of `needle` in `hay`, not overlapping. */
function occurrences(hay: string, needle: string, onlyAtStart: boolean): [number, number][] {
  const out: [number, number][] = [];
  if (needle.length === 0) return out;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) {
    if (onlyAtStart && at > 0) break;
    out.push([at, at + needle.length]);
  }
  return out;
}

/** A range of folded text back in the original text (whole characters). */
function unfold(map: readonly number[], [a, b]: [number, number]): Range {
  // The end is where the character holding the last folded unit ends (a match may end inside
  // a character that folds to several, as "s" in "ß" → "ss").
  let k = b;
  while (k < map.length - 1 && map[k] === map[b - 1]) k++;
  return [map[a]!, map[k]!];
}

function finder(operator: string, value: string): ((text: string) => Range[]) | null {
  switch (operator) {
    case 'contains':
      return (text) => occurrences(text, value, false);
    case 'startsWith':
      return (text) => occurrences(text, value, true);
    case 'eq':
      return (text) => (text === value ? [[0, text.length]] : []);
    case 'icontains':
    case 'istartsWith':
    case 'ieq': {
      const needle = foldWithMap(value).folded;
      return (text) => {
        const { folded, map } = foldWithMap(text);
        if (operator === 'ieq') return folded === needle ? [[0, text.length]] : [];
        return occurrences(folded, needle, operator === 'istartsWith').map((r) => unfold(map, r));
      };
    }
    case 'matches':
    case 'imatches': {
      const parsed = parseRegex(value);
      if (!parsed.ok) return null;
      let re: RegExp;
      try {
        re = new RegExp(toJsSource(parsed.ast), operator === 'imatches' ? 'giu' : 'gu');
      } catch {
        return null; // a Unicode property this JavaScript does not know: nothing to highlight
      }
      return (text) => {
        const out: Range[] = [];
        for (const m of text.matchAll(re)) {
          if (m[0].length > 0) out.push([m.index, m.index + m[0].length]);
        }
        return out;
      };
    }
    default:
      return null;
  }
}
