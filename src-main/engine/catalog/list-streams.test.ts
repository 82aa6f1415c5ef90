import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { listStreams } from './list-streams';
import { openTempService } from '../../test-support/temp-db';

let ctx: ReturnType<typeof openTempService> | undefined;
afterEach(() => {
  ctx?.close();
  ctx = undefined;
});

async function withStreams() {
  ctx = openTempService();
  const { api } = ctx;
  await api.createInstance({ name: 'shop' });
  const events = [
    ['order-2', 10],
    ['order-10', 30],
    ['user_1', 20],
    ['User%1', 40],
    ['order-2', 50],
    ['order-2', 5],
  ] as const;
  const appended = await api.appendEvents({
    instanceId: 'shop',
    events: events.map(([stream_id, ts]) => ({ stream_id, timestamp: ts })),
  });
  expect(appended.success).toBe(true);
  return ctx;
}

const names = (r: { streams: { streamId: string }[] }) => r.streams.map((s) => s.streamId);

describe('listStreams', () => {
  it('lists streams with exact counts and first/last times, by name by default', async () => {
    const { api } = await withStreams();
    const r = await api.listStreams({ instanceId: 'shop' });
    if (!r.success) throw new Error(r.error);
    expect(r.data.total).toBe(4);
    // Natural order: numbers by value, case folded (stream-sort-key.ts).
    expect(names(r.data)).toEqual(['order-2', 'order-10', 'User%1', 'user_1']);
    const desc = await api.listStreams({ instanceId: 'shop', direction: 'desc' });
    expect(desc.success && names(desc.data)).toEqual(['user_1', 'User%1', 'order-10', 'order-2']);
    expect(r.data.streams[0]).toEqual({
      streamId: 'order-2',
      eventCount: 3,
      firstEventAt: new Date(5).toISOString(),
      lastEventAt: new Date(50).toISOString(),
    });
  });

  it('sorts by count and by last event (descending by default), ties by creation order', async () => {
    const { api } = await withStreams();
    const byCount = await api.listStreams({ instanceId: 'shop', orderBy: 'count' });
    if (!byCount.success) throw new Error(byCount.error);
    // order-2 has 3; the others 1 each, newest stream first.
    expect(names(byCount.data)).toEqual(['order-2', 'User%1', 'user_1', 'order-10']);
    const asc = await api.listStreams({ instanceId: 'shop', orderBy: 'count', direction: 'asc' });
    if (!asc.success) throw new Error(asc.error);
    expect(names(asc.data)).toEqual(['order-10', 'user_1', 'User%1', 'order-2']);
    const byLast = await api.listStreams({ instanceId: 'shop', orderBy: 'lastEvent' });
    if (!byLast.success) throw new Error(byLast.error);
    expect(names(byLast.data)).toEqual(['order-2', 'User%1', 'order-10', 'user_1']);
  });

  it('filters by a case-insensitive substring where % and _ are plain text, with an exact total', async () => {
    const { api } = await withStreams();
    const r = await api.listStreams({ instanceId: 'shop', nameContains: 'USER' });
    if (!r.success) throw new Error(r.error);
    expect(names(r.data)).toEqual(['User%1', 'user_1']);
    expect(r.data.total).toBe(2);
    const pct = await api.listStreams({ instanceId: 'shop', nameContains: '%' });
    expect(pct.success && names(pct.data)).toEqual(['User%1']);
    const under = await api.listStreams({ instanceId: 'shop', nameContains: '_' });
    expect(under.success && names(under.data)).toEqual(['user_1']);
  });

  it('pages with limit and offset; total stays the whole count', async () => {
    const { api } = await withStreams();
    const r = await api.listStreams({ instanceId: 'shop', limit: 2, offset: 1 });
    if (!r.success) throw new Error(r.error);
    expect(names(r.data)).toEqual(['order-10', 'User%1']);
    expect(r.data).toMatchObject({ total: 4, limit: 2, offset: 1 });
  });

  it('pages IP-address streams in natural order, with a name filter too', async () => {
    ctx = openTempService();
    const { api } = ctx;
    await api.createInstance({ name: 'net' });
    const hosts = ['10.0.0.10', '10.0.0.9', '10.0.0.100', '9.1.1.1', '10.0.1.2', '2001:db8::a'];
    await api.appendEvents({
      instanceId: 'net',
      events: hosts.map((stream_id) => ({ stream_id })),
    });
    const pages: string[] = [];
    for (let offset = 0; offset < hosts.length; offset += 2) {
      const r = await api.listStreams({ instanceId: 'net', limit: 2, offset });
      if (!r.success) throw new Error(r.error);
      pages.push(...names(r.data));
    }
    expect(pages).toEqual([
      '9.1.1.1',
      '10.0.0.9',
      '10.0.0.10',
      '10.0.0.100',
      '10.0.1.2',
      '2001:db8::a',
    ]);
    const filtered = await api.listStreams({ instanceId: 'net', nameContains: '10.0.0.' });
    expect(filtered.success && names(filtered.data)).toEqual([
      '10.0.0.9',
      '10.0.0.10',
      '10.0.0.100',
    ]);
  });

  it('a file from before migration 8 gets the sort keys of the streams it holds', async () => {
    const old = await withStreams();
    old.engine.close();
    const raw = new Database(old.file);
    // As a file of schema version 7 would be: no sort keys (nor opened files, migration 9).
    raw.exec(
      'DROP INDEX streams_by_sort_key; ALTER TABLE streams DROP COLUMN sort_key; ' +
        'DROP TABLE opened_files',
    );
    raw.pragma('user_version = 7');
    raw.close();
    const engine = Engine.open(old.file);
    try {
      const r = listStreams(engine.db, engine.instances.require('shop'), {});
      expect(names(r)).toEqual(['order-2', 'order-10', 'User%1', 'user_1']);
    } finally {
      engine.close();
      ctx = undefined;
      fs.rmSync(old.dir, { recursive: true, force: true });
    }
  });

  it('uses the indexes of migrations 3 and 8: no sort of all streams for any order', async () => {
    const { engine } = await withStreams();
    const instance = engine.instances.require('shop');
    for (const orderBy of ['name', 'count', 'lastEvent'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const original = engine.db.prepare.bind(engine.db);
        const plans: string[] = [];
        engine.db.prepare = (text: string) => {
          if (text.trimStart().startsWith('SELECT name')) {
            const rows = original(`EXPLAIN QUERY PLAN ${text}`).all(instance.ino, 100, 0) as {
              detail: string;
            }[];
            plans.push(rows.map((r) => r.detail).join(' | '));
          }
          return original(text);
        };
        listStreams(engine.db, instance, { orderBy, direction });
        engine.db.prepare = original;
        expect(plans[0], `${orderBy} ${direction}`).not.toMatch(/TEMP B-TREE/u);
        expect(plans[0], `${orderBy} ${direction}`).toMatch(/USING (COVERING )?INDEX/u);
      }
    }
  });
});
