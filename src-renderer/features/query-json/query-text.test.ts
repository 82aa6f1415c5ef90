import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Query } from '../../../src-shared/contract/query';
import type { Instance } from '../../../src-shared/contract/records';
import { initialParts, toFullQuery, type QueryParts } from '../../state/query-store';
import { query as queryArb } from '../../test-support/dsl-arbitraries';
import { displayQuery, parseQueryText, partsToText, queryText } from './query-text';

const shop: Instance = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'shop',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const instances = [shop];
const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const base: QueryParts = { ...initialParts, instance: shop.id };

function parseOk(text: string, current: QueryParts = base) {
  const r = parseQueryText(text, current, instances, now);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r;
}

describe('the DSL as JSON text <-> the store', () => {
  it('reads back every valid query to the same DSL (random queries over every feature)', () => {
    fc.assert(
      fc.property(queryArb('shop'), (q) => {
        const r = parseOk(queryText(q));
        expect(r.query).toStrictEqual(q);
        // The parts give the same DSL again (the instance by name in the text, id in the store).
        const again = toFullQuery(r.parts, now)!;
        expect(displayQuery(again, instances)).toStrictEqual(normalizedTimeRange(q));
        // And the text of those parts reads back to the same parts.
        const text = partsToText(r.parts, instances, now);
        expect(parseOk(text, r.parts).parts).toStrictEqual(r.parts);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a relative time range relative when its condition is unchanged', () => {
    const parts: QueryParts = { ...base, timeRange: { kind: 'relative', last: '15m' } };
    const text = partsToText(parts, instances, now);
    expect(JSON.parse(text)).toEqual({
      from: { instance: 'shop' },
      where: [{ field: 'timestamp', operator: 'between', value: [now - 15 * 60_000, now] }],
    });
    expect(parseOk(text, parts).parts.timeRange).toEqual({ kind: 'relative', last: '15m' });
    // Edited bounds become an absolute range.
    const edited = text.replace(String(now), String(now - 1000));
    expect(parseOk(edited, parts).parts.timeRange).toEqual({
      kind: 'absolute',
      from: now - 15 * 60_000,
      to: now - 1000,
    });
  });

  it('marks a syntax error where it is, with line and column', () => {
    const text = '{\n  "from": { "instance": "shop" },\n  "limit": 10,\n}';
    const r = parseQueryText(text, base, instances, now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(text.slice(r.problems[0]!.from)).toBe('}');
    expect(r.problems[0]!.message).toBe('line 4, column 1: expected a key in quotes, found "}"');
  });

  it('marks schema problems on the exact value or key', () => {
    const text = JSON.stringify(
      {
        from: { instance: 'shop' },
        where: [
          { field: 'a', operator: 'eq', value: 1 },
          { field: 'b', operator: 'like', value: 'x' },
          { field: 'c', operator: 'in', value: 'notalist' },
        ],
        lmit: 5,
      },
      null,
      2,
    );
    const r = parseQueryText(text, base, instances, now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const marked = r.problems.map((p) => [text.slice(p.from, p.to), p.message]);
    expect(marked).toContainEqual(['"lmit"', 'lmit: unknown key "lmit"']);
    expect(marked).toContainEqual([
      '"like"',
      expect.stringMatching(/^where\[1\]\.operator: unknown operator "like"/u) as string,
    ]);
    expect(marked).toContainEqual(['"notalist"', 'where[2].value: must be an array for "in"']);
  });

  it('names an unknown instance; offset, cursor and startAt are reported as not applied', () => {
    const unknown = parseQueryText('{"from":{"instance":"nope"}}', base, instances, now);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.problems[0]!.message).toBe('from.instance: there is no instance "nope"');
    }
    const paged = parseOk('{"from":{"instance":"shop"},"offset":20,"cursor":"abc"}');
    expect(paged.notes).toEqual([
      'offset 20 is not applied: the views page by themselves',
      'cursor is not applied: the views page by themselves',
    ]);
    const started = parseOk('{"from":{"instance":"shop"},"startAt":"abc"}');
    expect(started.notes).toEqual(['startAt is not applied: the views page by themselves']);
    expect(paged.parts.instance).toBe(shop.id);
  });
});

/**
 * What the parts give back for a query: the last top-level `timestamp between` (low <= high)
 * becomes the time range, which toQuery appends at the end; everything else is unchanged.
 */
function normalizedTimeRange(q: Query): Query {
  const where = [...(q.where ?? [])];
  for (let k = where.length - 1; k >= 0; k--) {
    const n = where[k]!;
    if (!('field' in n) || n.operator !== 'between' || n.field !== 'timestamp') continue;
    const [a, b] = n.value as [string | number, string | number];
    const from = typeof a === 'number' ? a : Date.parse(a);
    const to = typeof b === 'number' ? b : Date.parse(b);
    if (from > to) continue;
    where.splice(k, 1);
    where.push({ field: 'timestamp', operator: 'between', value: [from, to] });
    break;
  }
  const out: Query = { ...q };
  if (where.length > 0) out.where = where;
  return out;
}
