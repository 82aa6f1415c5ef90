import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliArgs } from '../../test-support/cli-process';
import { openTempService } from '../../test-support/temp-db';
import { Engine } from '../engine';
import { checkDatabase } from './check';

/**
 * `checkDatabase` on a sound file finds nothing; on a file damaged the ways a bug, a foreign
 * tool or a bad copy could damage it, it names each problem in one line. The damage is done on
 * a plain SQLite connection, as another program would.
 */
let ctx: ReturnType<typeof openTempService> | undefined;
afterEach(() => {
  ctx?.close();
  ctx = undefined;
});

async function sound(): Promise<NonNullable<typeof ctx>> {
  ctx = openTempService();
  await ctx.api.appendEvents({
    instanceId: 'shop',
    autoCreateInstance: true,
    events: Array.from({ length: 200 }, (_, i) => ({
      streamId: `s${i % 4}`,
      eventType: i % 3 === 0 ? 'paid' : 'viewed',
      payload: { i, user: { id: `u${i % 7}` } },
      timestamp: Date.UTC(2024, 0, 1, i % 24),
    })),
  });
  await ctx.api.createInstance({ name: 'empty' });
  return ctx;
}

/** Damage on a connection of its own (another program), then the check on a fresh engine. */
function checkAfter(damage: string): string[] {
  const file = ctx!.file;
  ctx!.engine.close();
  const db = new Database(file);
  db.exec(damage);
  db.close();
  const engine = Engine.open(file, { readonly: true });
  try {
    return checkDatabase(engine).problems;
  } finally {
    engine.close();
  }
}

describe('checkDatabase', () => {
  it('finds nothing wrong with a sound file, and counts what it checked', async () => {
    const { engine } = await sound();
    const steps: string[] = [];
    const report = checkDatabase(engine, (step) => steps.push(step));
    expect(report).toMatchObject({ problems: [], instances: 2, events: 200 });
    expect(steps).toEqual([
      'integrity_check',
      'foreign keys',
      'instance "shop" (200 events)',
      'instance "empty" (0 events)',
    ]);
  });

  it.each([
    [
      'a gap in a stream (an event inserted past its end)',
      `INSERT INTO ev_1 (sno, seq, tno, ts, payload, metadata)
         SELECT sno, last_seq + 2, 1, 0, jsonb('{}'), jsonb('{}') FROM streams WHERE name = 's0'`,
      [
        /stream "s0": sequence numbers 1\.\.52 over 51 events: 1 of 1\.\.52 missing \(a gap\)/u,
        /stream "s0": streams\.last_seq is 50, the events end at 52/u,
        /type "paid": type_counts says 67, the events are 68/u,
        /hour_counts for 1970-01-01T00h, type "paid": kept 0, the events are 1/u,
        /instances\.event_count is 200, the events are 201/u,
      ],
    ],
    [
      'a repeated sequence number',
      `INSERT INTO ev_1 (sno, seq, tno, ts, payload, metadata)
         SELECT sno, 3, 1, ${Date.UTC(2024, 0, 1)}, jsonb('{}'), jsonb('{}') FROM streams WHERE name = 's1'`,
      [/stream "s1": 1 sequence number is repeated/u],
    ],
    [
      'a stream head that is off',
      `UPDATE streams SET last_seq = 49 WHERE name = 's2'`,
      [/stream "s2": streams\.last_seq is 49, the events end at 50/u],
    ],
    [
      "a stream's sort key that is not its name's",
      `UPDATE streams SET sort_key = 'zzz' WHERE name = 's2'`,
      [/stream "s2": its sort key is not the one its name gives/u],
    ],
    [
      'type counts that are off',
      `UPDATE type_counts SET n = n + 1 WHERE tno = 2`,
      [/type "viewed": type_counts says 134, the events are 133/u],
    ],
    [
      'hour counts that are off',
      `UPDATE hour_counts SET n = n - 1 WHERE (ino, hour, tno) =
         (SELECT ino, hour, tno FROM hour_counts ORDER BY hour, tno LIMIT 1)`,
      [/hour_counts for 2024-01-01T00h, type "paid": kept \d+, the events are \d+/u],
    ],
    [
      "the field catalog's mark",
      `UPDATE field_scans SET scanned_events = scanned_events - 1`,
      [/the field catalog says it counted 199 events up to position 200; there are 200/u],
    ],
    [
      'a missing immutability trigger',
      `DROP TRIGGER ev_1_no_delete`,
      [/the trigger ev_1_no_delete that keeps its events immutable is missing/u],
    ],
  ])('finds %s', async (_what, damage, expected) => {
    await sound();
    const problems = checkAfter(damage);
    for (const pattern of expected) {
      expect(
        problems.some((p) => pattern.test(p)),
        `${String(pattern)} in\n${problems.join('\n')}`,
      ).toBe(true);
    }
    for (const p of problems) expect(p).toMatch(/^instance "shop": /u);
  });
});

describe('eventlens check', () => {
  it('exit 0 and one line when sound; exit 1 and a line per problem; exit 2 on usage', async () => {
    const { file } = await sound();
    ctx!.engine.close();
    const ok = runCliArgs(['check', '--db', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: .+ \(2 instances, 200 events\) in \d+:\d\d\.\n$/u);
    const db = new Database(file);
    db.exec(`UPDATE type_counts SET n = n + 1; UPDATE streams SET last_seq = 1 WHERE name = 's3'`);
    db.close();
    const bad = runCliArgs(['check', '--db', file]);
    expect(bad.code).toBe(1);
    const lines = bad.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^3 problems in /u);
    expect(lines.slice(0, -1)).toEqual([
      'instance "shop": stream "s3": streams.last_seq is 1, the events end at 50',
      'instance "shop": type "paid": type_counts says 68, the events are 67',
      'instance "shop": type "viewed": type_counts says 134, the events are 133',
    ]);
    const json = runCliArgs(['check', '--db', file, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ instances: 2, events: 200 });
    expect(runCliArgs(['check', 'extra', '--db', file]).code).toBe(2);
    expect(runCliArgs(['check', '--bogus', '--db', file]).code).toBe(2);
  });
});
