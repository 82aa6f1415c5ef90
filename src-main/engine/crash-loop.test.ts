import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src-shared/contract/records';
import { requireBuild } from '../test-support/built-cli';
import { RpcProcess } from '../test-support/cli-process';
import { tempDir } from '../test-support/temp-db';
import { seededRandom } from '../../src-shared/demo/random';
import { Engine } from './engine';

/**
 * The crash loop: a writer process (the CLI's rpc mode) appends batches to one file and is
 * killed with SIGKILL in the middle of its appends, again and again. After every kill the file
 * opens, passes integrity_check, holds every acknowledged batch exactly as acknowledged, holds
 * no partial batch, and numbers every stream without a gap. EVENTLENS_CRASH_ROUNDS=1000 for a
 * longer manual run.
 */
const rounds = Number(process.env.EVENTLENS_CRASH_ROUNDS ?? 50);
const streams = Array.from({ length: 8 }, (_, i) => `s${i}`);

interface Mark {
  r: number;
  b: number;
  i: number;
  n: number;
}

let dir: { dir: string; cleanup: () => void };
beforeAll(() => requireBuild());
afterAll(() => dir?.cleanup());

/** Every batch in the file: round, batch, stored count, declared size. */
function batchesIn(db: Database.Database): Map<string, { count: number; n: number }> {
  const tables = db
    .prepare<[], string>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'ev_[0-9]*'",
    )
    .pluck()
    .all();
  const out = new Map<string, { count: number; n: number }>();
  for (const t of tables) {
    const rows = db
      .prepare<[], { r: number; b: number; count: number; n: number }>(
        `SELECT payload ->> '$.r' AS r, payload ->> '$.b' AS b, count(*) AS count,
                max(payload ->> '$.n') AS n FROM ${t} GROUP BY 1, 2`,
      )
      .all();
    for (const row of rows) out.set(`${row.r}/${row.b}`, { count: row.count, n: row.n });
  }
  return out;
}

function checkFile(file: string, acknowledged: Map<string, EventRecord[]>, round: number): void {
  // Eventlens opens it (recovering the WAL, running quick_check) ...
  const engine = Engine.open(file);
  engine.close();
  // ... and a plain connection finds it whole and consistent.
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
    const stored = batchesIn(db);
    for (const [key, { count, n }] of stored) {
      expect(count, `round ${round}: batch ${key} is partial`).toBe(n);
    }
    for (const [key, events] of acknowledged) {
      expect(stored.get(key)?.count, `round ${round}: acknowledged batch ${key} lost`).toBe(
        events.length,
      );
    }
    // Streams: numbers 1..n, and the heads and counts agree with the rows.
    const instances = db.prepare<[], { ino: number; event_count: number }>(
      'SELECT ino, event_count FROM instances',
    );
    for (const { ino, event_count } of instances.all()) {
      const t = `ev_${ino}`;
      const perStream = db
        .prepare<
          [],
          { sno: number; n: number; distinct_seq: number; max_seq: number; last_seq: number }
        >(
          `SELECT e.sno, count(*) AS n, count(DISTINCT e.seq) AS distinct_seq, max(e.seq) AS max_seq,
                  s.last_seq FROM ${t} e JOIN streams s ON s.sno = e.sno GROUP BY e.sno`,
        )
        .all();
      for (const s of perStream) {
        expect(s, `round ${round}: stream ${s.sno} has a gap or duplicate`).toMatchObject({
          distinct_seq: s.n,
          max_seq: s.n,
          last_seq: s.n,
        });
      }
      const total = db.prepare<[], number>(`SELECT count(*) FROM ${t}`).pluck().get();
      expect(event_count).toBe(total);
    }
  } finally {
    db.close();
  }
}

/** The stored (stream, sequence) of each event of the batches acknowledged in one round. */
function checkAcknowledgedContent(file: string, acked: Map<string, EventRecord[]>): void {
  const engine = Engine.open(file);
  try {
    for (const [key, events] of acked) {
      const [r, b] = key.split('/').map(Number);
      const got = engine.query({
        from: { instance: 'crash' },
        where: [
          { field: 'payload.r', operator: 'eq', value: r! },
          { field: 'payload.b', operator: 'eq', value: b! },
        ],
        limit: 10_000,
      }).events;
      expect(got, `batch ${key}`).toEqual(events);
    }
  } finally {
    engine.close();
  }
}

describe('crash loop', () => {
  // A round is a process start, a kill and two opens of the file: ~1 s on a busy machine.
  it(
    `survives ${rounds} kill -9s in the middle of batch appends`,
    { timeout: 60_000 + rounds * 5_000 },
    async () => {
      dir = tempDir();
      const file = path.join(dir.dir, 'crash.db');
      const random = seededRandom(20261127);
      const allAcked = new Map<string, EventRecord[]>();
      let killedWhileBusy = 0;
      for (let round = 1; round <= rounds; round++) {
        const rpc = new RpcProcess(file);
        await rpc.send('eventLog.listInstances', {}); // opened (and recovered) the file
        const killAfter = 1 + Math.floor(random() * 4);
        const acked = new Map<string, EventRecord[]>();
        let sent = 0;
        for (let b = 0; b < 12; b++) {
          const n = 50 + Math.floor(random() * 250);
          const events = Array.from({ length: n }, (_, i) => ({
            streamId: streams[Math.floor(random() * streams.length)]!,
            payload: { r: round, b, i, n } satisfies Mark,
          }));
          sent++;
          void rpc
            .send('eventLog.appendEvents', {
              instanceId: 'crash',
              autoCreateInstance: true,
              events,
            })
            .then(
              (reply) => {
                expect(reply.success, reply.error).toBe(true);
                acked.set(`${round}/${b}`, (reply.data as { events: EventRecord[] }).events);
                if (acked.size === killAfter) rpc.child.kill('SIGKILL');
              },
              () => {}, // killed before answering: not acknowledged, which is the point
            );
        }
        const { signal } = await rpc.exited;
        await rpc.closed;
        expect(signal, rpc.stderr).toBe('SIGKILL');
        if (acked.size < sent) killedWhileBusy++;
        checkFile(file, acked, round);
        if (round % 10 === 1) checkAcknowledgedContent(file, acked);
        for (const [k, v] of acked) allAcked.set(k, v);
      }
      checkFile(file, allAcked, rounds);
      // Kills landed while batches were still waiting or running.
      expect(killedWhileBusy).toBe(rounds);
    },
  );
});
