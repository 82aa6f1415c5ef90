import { describe, expect, it } from 'vitest';
import type { Instance } from '../../../src-shared/contract/records';
import { storedEvents } from '../../../src-shared/test-support/stored-events';
import { initialParts, type QueryParts } from '../../state/query-store';
import { recordRun } from './history-model';
import { documentOf, openDocument, type QueryDocument } from './query-document';
import {
  deletedEvent,
  exportFile,
  foldSavedQueries,
  isSystemInstance,
  planImport,
  renamedEvent,
  savedEvent,
} from './saved-queries-model';

const shop: Instance = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'shop',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const doc = (type: string): QueryDocument => ({
  query: {
    from: { instance: 'shop' },
    where: [{ field: 'event_type', operator: 'eq', value: type }],
  },
  timeRange: { last: '24h' },
});

describe('saved queries as a fold of events', () => {
  it('saves, renames, overwrites and deletes', () => {
    const a = savedEvent(doc('a'), ' Failed payments ', 'q1');
    const b = savedEvent(doc('b'), 'Logins', 'q2');
    const events = storedEvents([
      a,
      b,
      renamedEvent('q1', 'Payments failed'),
      savedEvent(doc('c'), 'Logins', 'q2'),
      deletedEvent('q9'),
      { stream_id: 'saved-queries', event_type: 'QuerySaved', payload: { queryId: 'bad' } },
      { stream_id: 'saved-queries', event_type: 'SomethingNew', payload: {} },
    ]);
    const { queries, skipped } = foldSavedQueries(events);
    expect(skipped).toBe(2);
    expect(
      queries.map((q) => [q.queryId, q.name, q.createdAt.slice(17, 19), q.updatedAt.slice(17, 19)]),
    ).toEqual([
      ['q2', 'Logins', '01', '03'],
      ['q1', 'Payments failed', '00', '02'],
    ]);
    expect(queries[0]!.document).toEqual(doc('c'));
    const after = foldSavedQueries([...events, ...storedEvents([deletedEvent('q2')])]);
    expect(after.queries.map((q) => q.queryId)).toEqual(['q1']);
  });

  it('exports a file that imports back to the same list, replacing same-named queries', () => {
    const { queries } = foldSavedQueries(
      storedEvents([
        savedEvent(doc('a'), 'B query', 'q1', 'why'),
        savedEvent(doc('b'), 'A query', 'q2'),
      ]),
    );
    const text = exportFile(queries);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      format: 'eventlens.saved-queries',
      version: 1,
      queries: [
        { name: 'A query', query: doc('b').query, timeRange: { last: '24h' } },
        { name: 'B query', description: 'why', query: doc('a').query, timeRange: { last: '24h' } },
      ],
    });
    const plan = planImport(text, queries.slice(0, 1));
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.replaced).toEqual(['A query']);
    expect(plan.added).toEqual(['B query']);
    expect((plan.events[0]!.payload as { queryId: string }).queryId).toBe('q2');
    const reimported = foldSavedQueries(storedEvents(plan.events)).queries;
    expect(exportFile(reimported)).toBe(text);
  });

  it('refuses a bad file whole, naming where it is wrong', () => {
    expect(planImport('nope', [])).toMatchObject({
      ok: false,
      message: expect.stringContaining('not JSON') as string,
    });
    const bad = planImport(
      JSON.stringify({
        format: 'eventlens.saved-queries',
        version: 1,
        queries: [
          {
            name: 'x',
            query: { from: { instance: 's' }, where: [{ field: 'a', operator: 'like', value: 1 }] },
          },
        ],
      }),
      [],
    );
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok)
      expect(bad.message).toMatch(
        /^queries\[0\]\.query\.where\[0\]\.operator: unknown operator "like"/u,
      );
    const twice = planImport(
      JSON.stringify({
        format: 'eventlens.saved-queries',
        version: 1,
        queries: [doc('a'), doc('b')].map((d) => ({ name: 'same', ...d })),
      }),
      [],
    );
    expect(twice).toEqual({
      ok: false,
      message: 'queries[1].name: "same" appears twice in the file',
    });
  });

  it('keeps relative ranges relative, opens by instance name, and refuses an unknown one', () => {
    const parts: QueryParts = {
      ...initialParts,
      instance: shop.id,
      where: [{ field: 'timestamp', operator: 'between', value: [1, 2] }],
      timeRange: { kind: 'relative', last: '7d' },
      limit: 20,
    };
    const d = documentOf(parts, [shop])!;
    expect(d).toEqual({
      query: { from: { instance: 'shop' }, where: parts.where, limit: 20 },
      timeRange: { last: '7d' },
    });
    const opened = openDocument(d, initialParts, [shop]);
    expect(opened).toEqual({ ok: true, parts, notes: [] });
    expect(openDocument(d, initialParts, [])).toEqual({
      ok: false,
      message: 'there is no instance "shop" in this database',
    });
    // A range that ends at the last event stays so.
    const ofData: QueryParts = {
      ...parts,
      timeRange: { kind: 'relative', last: '1h', end: 'data' },
    };
    const dd = documentOf(ofData, [shop])!;
    expect(dd.timeRange).toEqual({ last: '1h', end: 'data' });
    expect(openDocument(dd, initialParts, [shop])).toEqual({ ok: true, parts: ofData, notes: [] });
    expect(isSystemInstance({ name: '_eventlens' })).toBe(true);
    expect(isSystemInstance(shop)).toBe(false);
  });

  it('history: newest first, a repeated query moves up, bounded', () => {
    let h = recordRun([], { doc: doc('a'), at: '1' });
    h = recordRun(h, { doc: doc('b'), at: '2' });
    h = recordRun(h, { doc: doc('a'), at: '3', total: 4 });
    expect(h.map((e) => e.at)).toEqual(['3', '2']);
    expect(recordRun(h, { doc: doc('c'), at: '4' }, 2).map((e) => e.at)).toEqual(['4', '3']);
  });
});
