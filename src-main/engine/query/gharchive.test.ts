import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/contract/json-value';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { GroupedAggregation, PlainAggregation } from '../../../src-shared/contract/records';
import { datasetsDir } from '../../test-support/datasets';
import { openTempService } from '../../test-support/temp-db';

/**
 * Real data: the GH Archive sample, mapped as its SOURCE.txt says, and aggregations checked
 * against the counts SOURCE.txt gives (read from the file, not copied here).
 */
const dir = path.join(datasetsDir(), 'gharchive');
const source = fs.readFileSync(path.join(dir, 'SOURCE.txt'), 'utf8');
const number = (re: RegExp) => {
  const m = re.exec(source);
  if (!m) throw new Error(`SOURCE.txt no longer says ${String(re)}`);
  return Number(m[1]!.replace(/,/gu, ''));
};
const typesLine = /Types: ([\s\S]*?)\(\d+ types\)/u.exec(source)![1]!;
const typeCounts = Object.fromEntries(
  [...typesLine.matchAll(/(\w+Event) (\d+)/gu)].map((m) => [m[1]!, Number(m[2])]),
);

interface RawEvent {
  id: string;
  type: string;
  actor: JsonObject;
  repo: { name: string };
  org?: JsonObject;
  public: boolean;
  created_at: string;
  payload: JsonObject;
}
const raw = fs
  .readFileSync(path.join(dir, '2021-07-21-few-hours.json'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as RawEvent);

let ctx: ReturnType<typeof openTempService>;
const instance = 'gharchive-2021-07-21';

beforeAll(async () => {
  ctx = openTempService();
  const events: EventInput[] = raw.map((r) => {
    return {
      stream_id: r.repo.name,
      event_type: r.type,
      timestamp: r.created_at,
      payload: r.payload,
      metadata: { id: r.id, actor: r.actor, ...(r.org ? { org: r.org } : {}), public: r.public },
    };
  });
  await ctx.api.createInstance({ name: instance });
  for (let i = 0; i < events.length; i += 200) {
    const res = await ctx.api.appendEvents({
      instanceId: instance,
      events: events.slice(i, i + 200),
    });
    expect(res.success).toBe(true);
  }
});
afterAll(() => ctx?.close());

async function query(q: Record<string, unknown>) {
  const res = await ctx.api.queryEvents({ query: { from: { instance }, ...q } });
  if (!res.success) throw new Error(res.error);
  return res.data.result;
}

describe('GH Archive sample', () => {
  it('counts events and types as SOURCE.txt does', async () => {
    const byType = await query({ reduce: { type: 'count', groupBy: ['event_type'] } });
    expect(byType.total).toBe(number(/([\d,]+) lines/u));
    const agg = byType.aggregation as GroupedAggregation;
    expect(agg.groupCount).toBe(number(/\((\d+) types\)/u));
    expect(Object.fromEntries(agg.groups.map((g) => [g.key.event_type, g.count]))).toEqual(
      typeCounts,
    );
    expect(agg.groups[0]).toMatchObject({
      key: { event_type: 'PushEvent' },
      value: typeCounts.PushEvent,
    });
  });

  it('counts distinct repos, actors and orgs, and events with an org', async () => {
    const distinct = async (field: string) =>
      (
        (await query({ reduce: { type: 'count', field, distinct: true } }))
          .aggregation as PlainAggregation
      ).value;
    expect(await distinct('stream_id')).toBe(number(/(\d+) distinct repos/u));
    expect(await distinct('metadata.actor.login')).toBe(number(/(\d+) distinct actors/u));
    // SOURCE.txt says 168 orgs, but the file holds 167 distinct org logins (and ids): the
    // expectation is counted from the raw file here, independently of the engine.
    const orgs = new Set(raw.filter((r) => r.org).map((r) => (r.org as { login: string }).login));
    expect(orgs.size).toBeGreaterThanOrEqual(number(/(\d+) orgs/u) - 1);
    expect(await distinct('metadata.org.login')).toBe(orgs.size);
    const withOrg = await query({
      where: [{ field: 'metadata.org', operator: 'exists', value: true }],
      limit: 0,
    });
    expect(withOrg.total).toBe(number(/\((\d+) of 800 rows only\)/u));
  });

  it('answers filters, time buckets and the busiest stream', async () => {
    const hours = await query({
      reduce: { type: 'count', groupBy: [{ field: 'timestamp', interval: '1h' }] },
    });
    const groups = (hours.aggregation as GroupedAggregation).groups;
    expect(groups.map((g) => g.key.timestamp)).toEqual([
      '2021-07-21T06:00:00.000Z',
      '2021-07-21T07:00:00.000Z',
      '2021-07-21T08:00:00.000Z',
      '2021-07-21T09:00:00.000Z',
    ]);
    expect(groups.map((g) => g.count)).toEqual([200, 200, 200, 200]); // "200 from each of the hours"
    const busiest = await query({ reduce: { type: 'count', groupBy: ['stream_id'] }, limit: 1 });
    const top = (busiest.aggregation as GroupedAggregation).groups[0]!;
    expect(top.key.stream_id).toBe(/busiest has (\d+) \(([^)]+)\)/u.exec(source)![2]);
    expect(top.count).toBe(number(/busiest has (\d+)/u));
    const pushes = await query({
      where: [
        { field: 'eventType', operator: 'eq', value: 'PushEvent' },
        { field: 'payload.size', operator: 'gte', value: 1 },
      ],
      select: ['stream_id', 'payload.commits[0].message', 'metadata.actor.login'],
      limit: 5,
    });
    expect(pushes.total).toBeGreaterThan(0);
    expect(pushes.total).toBeLessThanOrEqual(typeCounts.PushEvent!);
    for (const e of pushes.events!) {
      expect(Object.keys(e).sort()).toEqual(['metadata', 'payload', 'stream_id']);
    }
  });
});
