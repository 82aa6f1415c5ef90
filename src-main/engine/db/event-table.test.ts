import { describe, expect, it } from 'vitest';
import { ok } from '../../test-support/envelopes';
import { servicePerTest } from '../../test-support/service-per-test';
import { allSegments, eventTable, segmentShift } from './event-table';

const newService = servicePerTest();

describe('events table', () => {
  it('reads one stream or type through the segment-led indexes, in append order, unsorted', async () => {
    const ctx = newService();
    ok(await ctx.api.createInstance({ name: 'a' }));
    const perSegment = 1 << segmentShift;
    const total = perSegment * 3 + 17;
    for (let done = 0; done < total; done += 5_000) {
      const n = Math.min(5_000, total - done);
      ok(
        await ctx.api.appendEvents({
          instanceId: 'a',
          events: Array.from({ length: n }, (_, i) => ({
            streamId: (done + i) % 100 === 0 ? 'rare' : `s${(done + i) % 7}`,
            eventType: (done + i) % 3 === 0 ? 'Three' : 'Other',
          })),
        }),
      );
    }
    const db = ctx.engine.db;
    const ino = ctx.engine.instances.require('a').ino;
    const t = eventTable(ino);
    const sno = db
      .prepare<[string], number>('SELECT sno FROM streams WHERE name = ?')
      .pluck()
      .get('rare')!;
    const segs = allSegments(db, ino);
    const streamSql = `SELECT e.pos, e.seq FROM ${t} e WHERE ${segs.text} AND e.sno = ? ORDER BY e.seg, e.seq`;
    const plan = db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${streamSql}`)
      .all(...segs.params, sno)
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain(`USING INDEX ${t}_stream (seg=? AND sno=?)`);
    expect(plan).not.toContain('TEMP B-TREE');
    const rows = db
      .prepare<unknown[], { pos: number; seq: number }>(streamSql)
      .all(...segs.params, sno);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => r.pos)).toEqual([...rows.map((r) => r.pos)].sort((a, b) => a - b));
    expect(rows.length).toBe(Math.ceil(total / 100));
    expect(new Set(rows.map((r) => r.pos >> segmentShift)).size).toBe(4);

    const tno = db
      .prepare<[string], number>('SELECT tno FROM event_types WHERE name = ?')
      .pluck()
      .get('Three')!;
    const typeSql = `SELECT e.pos FROM ${t} e WHERE ${segs.text} AND e.tno = ? ORDER BY e.seg, e.pos`;
    const typePlan = db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${typeSql}`)
      .all(...segs.params, tno)
      .map((r) => r.detail)
      .join('\n');
    expect(typePlan).toContain(`INDEX ${t}_type (seg=? AND tno=?)`);
    expect(typePlan).not.toContain('TEMP B-TREE');
    const positions = db
      .prepare<unknown[], number>(typeSql)
      .pluck()
      .all(...segs.params, tno);
    expect(positions).toEqual(Array.from({ length: Math.ceil(total / 3) }, (_, i) => 1 + i * 3));
  });
});
