import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src-shared/contract/records';
import { requireBuild } from '../test-support/built-cli';
import { RpcProcess } from '../test-support/cli-process';
import { seededRandom } from '../../src-shared/demo/random';
import { tempDir } from '../test-support/temp-db';
import { Engine } from './engine';

/**
 * Four writer processes append to the same streams of one file at once (the CLI's rpc mode,
 * requests pipelined so they contend for the write lock). Afterwards: everything acknowledged
 * is stored as acknowledged, each stream is numbered 1..n without gap or duplicate, and each
 * writer's acknowledged order is the stored order.
 */
const writers = 4;
const batchesPerWriter = Number(process.env.EVENTLENS_WRITER_BATCHES ?? 50);
const streams = ['s0', 's1', 's2', 's3', 's4'];

type Payload = { w: number; b: number; i: number };

let dir: { dir: string; cleanup: () => void };
beforeAll(() => requireBuild());
afterEach(() => dir?.cleanup());

describe('concurrent writer processes', () => {
  it('acknowledged events are all stored, numbered without gaps or duplicates', async () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'shared.db');
    const procs = Array.from({ length: writers }, () => new RpcProcess(file));
    const acknowledged: EventRecord[][] = [];
    try {
      // Start together: every process has opened the file before any batch is sent.
      await Promise.all(procs.map((rpc) => rpc.send('eventLog.listInstances', {})));
      const results = await Promise.all(
        procs.map(async (rpc, w) => {
          const random = seededRandom(w + 1);
          const replies = [];
          for (let b = 0; b < batchesPerWriter; b++) {
            const n = 1 + Math.floor(random() * 20);
            const events = Array.from({ length: n }, (_, i) => ({
              streamId: streams[Math.floor(random() * streams.length)]!,
              eventType: `W${w}`,
              payload: { w, b, i },
            }));
            // Every writer auto-creates the instance: the first one wins, the others append.
            replies.push(
              b % 7 === 3
                ? rpc.send('eventLog.appendEvent', {
                    instanceId: 'shared',
                    autoCreateInstance: true,
                    ...events[0]!,
                  })
                : rpc.send('eventLog.appendEvents', {
                    instanceId: 'shared',
                    autoCreateInstance: true,
                    events,
                  }),
            );
          }
          return Promise.all(replies);
        }),
      );
      for (const [w, replies] of results.entries()) {
        const events: EventRecord[] = [];
        for (const r of replies) {
          expect(r.success, `writer ${w}: ${r.code ?? ''} ${r.error ?? ''}`).toBe(true);
          const data = r.data as { events?: EventRecord[]; event?: EventRecord };
          events.push(...(data.events ?? [data.event!]));
        }
        acknowledged.push(events);
      }
      for (const rpc of procs) expect(await rpc.close()).toBe(0);
    } finally {
      for (const rpc of procs) rpc.child.kill('SIGKILL');
    }

    const engine = Engine.open(file);
    try {
      const stored: EventRecord[] = [];
      for (const page of engine.iterateEvents({ from: { instance: 'shared' } })) {
        stored.push(...(page as EventRecord[]));
      }
      const ackCount = acknowledged.reduce((n, list) => n + list.length, 0);
      expect(stored).toHaveLength(ackCount);
      expect(engine.instances.list()).toHaveLength(1);

      // Each stream: 1..n in append order.
      for (const s of streams) {
        const seqs = stored.filter((e) => e.stream_id === s).map((e) => e.sequence_number);
        expect(seqs, s).toEqual(seqs.map((_, i) => i + 1));
      }
      // Every acknowledged event is stored exactly as acknowledged.
      const byId = new Map(stored.map((e) => [e.id, e]));
      expect(byId.size).toBe(stored.length);
      for (const list of acknowledged) for (const e of list) expect(byId.get(e.id)).toEqual(e);
      // Each writer's order: its events of one stream have increasing numbers, and a batch's
      // events are contiguous in append order (nothing interleaves inside a transaction).
      const position = new Map(stored.map((e, i) => [e.id, i]));
      for (const list of acknowledged) {
        const last = new Map<string, number>();
        for (const e of list) {
          expect(e.sequence_number).toBeGreaterThan(last.get(e.stream_id) ?? 0);
          last.set(e.stream_id, e.sequence_number);
        }
        const batches = new Map<number, EventRecord[]>();
        for (const e of list) {
          const b = (e.payload as Payload).b;
          batches.set(b, [...(batches.get(b) ?? []), e]);
        }
        for (const events of batches.values()) {
          const at = events.map((e) => position.get(e.id)!);
          expect(at).toEqual(at.map((_, i) => at[0]! + i));
        }
      }
      // The writers did interleave (otherwise this test would prove little).
      let switches = 0;
      for (let i = 1; i < stored.length; i++) {
        if (stored[i]!.event_type !== stored[i - 1]!.event_type) switches++;
      }
      console.log(`${stored.length} events, ${switches} switches between writers`);
      expect(switches).toBeGreaterThanOrEqual(writers);
      // The rollups agree with the events.
      const stats = engine.stats('shared');
      expect(stats.eventCount).toBe(ackCount);
      expect(stats.streamCount).toBe(new Set(stored.map((e) => e.stream_id)).size);
      expect(engine.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      engine.close();
    }
  });
});
