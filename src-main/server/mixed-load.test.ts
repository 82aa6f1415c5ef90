import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { EventLogService } from '../engine/service';
import { openRawSocket, requestHead, type RawSocket } from '../test-support/raw-socket';
import { startServeProcess, type ServeProcess } from '../test-support/serve-process';
import { readEventStream, type SseReader } from '../test-support/sse-reader';
import { tempDir } from '../test-support/temp-db';

/**
 * A mixed load on a real `eventlens serve`: appenders, queriers and event-stream listeners that
 * behave, beside one client whose bodies trickle and one reader that stops reading. The
 * well-behaved see no error, every acknowledged append is in the file afterwards, and the
 * server's memory stays bounded (its peak RSS is printed).
 *
 * 20 s in `npm test`; the full run (issue 18: 3 minutes):
 *   EVENTLENS_LOAD_SECONDS=180 npx vitest run src-main/server/mixed-load.test.ts
 */
const seconds = Number(process.env.EVENTLENS_LOAD_SECONDS ?? 20);
const appenders = 4;
const queriers = 2;
const listeners = 3;
/**
 * Streams per appender, with long names: every batch touches all of them, so each change event
 * is ~4 KB and the stalled reader falls more than the OS buffers and the server's bound behind.
 */
const streamsEach = 40;

let dir: ReturnType<typeof tempDir>;
let dbFile: string;
let server: ServeProcess;
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

beforeAll(async () => {
  dir = tempDir();
  dbFile = path.join(dir.dir, 'load.db');
  server = await startServeProcess(dbFile);
});
afterAll(async () => {
  agent.destroy();
  if (server?.child.exitCode === null) await server.stop();
  dir?.cleanup();
});

interface Outcome {
  status: number;
  body: { success?: boolean; data?: unknown; error?: string; code?: string };
}

/** One API call over a kept-alive connection, as a page or a script makes it. */
function call(op: string, params: unknown): Promise<Outcome> {
  const body = JSON.stringify({ params, requestId: op });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/${op}`,
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Outcome['body'] });
          } catch {
            reject(new Error(`HTTP ${res.statusCode}: not JSON: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A process's resident memory in MiB: all of it, its peak (VmHWM), and the part backed by files
 * (SQLite's memory-mapped database, up to 256 MiB per connection: it grows with the file, and
 * the OS may drop it at any time) beside the rest (heap, buffers, SQLite's page caches).
 */
function memoryOf(pid: number): { rss: number; peak: number; file: number; anon: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1]) / 1024;
  return { rss: mib('VmRSS'), peak: mib('VmHWM'), file: mib('RssFile'), anon: mib('RssAnon') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`a ${seconds}-second mixed load`, () => {
  it(
    'no errors for the well-behaved, no acknowledged event lost, bounded memory',
    async () => {
      const created = await call('createInstance', { name: 'load' });
      expect(created.body.success).toBe(true);
      const errors: string[] = [];
      const acked: string[] = [];
      const counts = { appends: 0, queries: 0, slowCut: 0, slowOther: 0 };
      const deadline = Date.now() + seconds * 1000;
      const running = () => Date.now() < deadline;
      const failure = (who: string, o: Outcome | Error) =>
        errors.push(
          o instanceof Error
            ? `${who}: ${o.message}`
            : `${who}: HTTP ${o.status} ${o.body.code} ${o.body.error}`,
        );

      const appender = async (k: number) => {
        for (let n = 0; running(); n++) {
          const events = Array.from({ length: 50 }, (_, i) => ({
            id: `a${k}-${n}-${i}`,
            streamId: `appender-${k}-stream-${i % streamsEach}-${'x'.repeat(60)}`,
            eventType: ['created', 'paid', 'shipped'][i % 3],
            payload: { n, i, note: 'x'.repeat(i * 4) },
          }));
          try {
            const o = await call('appendEvents', { instanceId: 'load', events });
            if (o.status === 200 && o.body.success) {
              acked.push(...events.map((e) => e.id));
              counts.appends++;
            } else failure(`appender ${k}`, o);
          } catch (err) {
            failure(`appender ${k}`, err as Error);
          }
        }
      };
      const queries = [
        { query: { from: { instance: 'load' }, limit: 200 } },
        {
          query: {
            from: { instance: 'load' },
            where: [{ field: 'event_type', operator: 'eq', value: 'paid' }],
            orderBy: { field: 'timestamp', direction: 'desc' },
            limit: 50,
          },
        },
        {
          query: { from: { instance: 'load' }, reduce: { type: 'count', groupBy: ['event_type'] } },
        },
        {
          query: {
            from: { instance: 'load', stream: `appender-0-stream-3-${'x'.repeat(60)}` },
            where: [{ field: 'payload.i', operator: 'gte', value: 20 }],
            limit: 100,
          },
        },
      ];
      const querier = async (k: number) => {
        for (let n = 0; running(); n++) {
          const [op, params] =
            n % 5 === 4
              ? ['getInstanceStats', { instanceId: 'load' }]
              : ['queryEvents', queries[(n + k) % queries.length]];
          try {
            const o = await call(op, params);
            if (o.status === 200 && o.body.success) counts.queries++;
            else failure(`querier ${k}`, o);
          } catch (err) {
            failure(`querier ${k}`, err as Error);
          }
        }
      };
      /** Bodies that trickle in, one after another: each must be cut (408), the server unmoved. */
      const slowBodies = async () => {
        while (running()) {
          const socket = await openRawSocket(server.port);
          await socket.write(
            requestHead(server.port, 'POST', '/api/appendEvents', {
              authorization: `Bearer ${server.token}`,
              'content-type': 'application/json',
              'content-length': 1_000_000,
            }) + '{"params":',
          );
          const drip = setInterval(() => void socket.write('{'), 1000);
          await Promise.race([socket.closed, sleep(Math.max(0, deadline - Date.now()))]);
          clearInterval(drip);
          if (socket.socket.destroyed) {
            if (/^HTTP\/1\.1 408 /u.test(socket.received())) counts.slowCut++;
            else counts.slowOther++;
          }
          socket.socket.destroy();
        }
      };
      /** Opens the event stream and never reads it. */
      const stalledReader = async (): Promise<RawSocket> => {
        const socket = await openRawSocket(server.port);
        await socket.write(requestHead(server.port, 'GET', `/api/events?token=${server.token}`));
        await socket.waitFor(/event: ready/u);
        socket.socket.pause();
        return socket;
      };

      const sse: SseReader[] = await Promise.all(
        Array.from({ length: listeners }, () => readEventStream(server.port, server.token)),
      );
      const stalled = await stalledReader();
      const samples: ReturnType<typeof memoryOf>[] = [];
      const sampler = setInterval(() => samples.push(memoryOf(server.child.pid!)), 1000);
      const started = Date.now();
      await Promise.all([
        ...Array.from({ length: appenders }, (_, k) => appender(k)),
        ...Array.from({ length: queriers }, (_, k) => querier(k)),
        slowBodies(),
      ]);
      clearInterval(sampler);
      const elapsed = (Date.now() - started) / 1000;
      const memory = memoryOf(server.child.pid!);

      // The listeners kept up: none was dropped, each heard every append.
      await Promise.all(
        sse.map((r) =>
          r.until((events) => events.filter((e) => e.event === 'change').length >= counts.appends),
        ),
      );
      for (const r of sse) expect(r.ended()).toBe(false);
      const heardBytes = sse[0]!.events.reduce((n, e) => n + e.data.length + 30, 0);
      // The stalled reader: given up once it was more than the bound behind.
      stalled.socket.resume();
      // Dropped: its stream ended (the resync read in time) or its connection was cut.
      const streamEnd = /\r\n0\r\n\r\n$/u;
      await stalled.waitFor(streamEnd, 5_000).catch(() => {});
      const stalledEnded = stalled.socket.destroyed || streamEnd.test(stalled.received());
      for (const r of sse) r.close();
      stalled.socket.destroy();

      expect(await server.stop()).toBe(0);
      // Every acknowledged event is in the file, exactly once.
      const engine = Engine.open(dbFile);
      try {
        const service = new EventLogService(engine);
        const stats = await service.api.getInstanceStats({ instanceId: 'load' });
        expect(stats.success && stats.data.eventCount).toBe(acked.length);
        const stored = new Set<string>();
        let cursor: string | null | undefined;
        do {
          const page = await service.api.queryEvents({
            query: {
              from: { instance: 'load' },
              select: ['id'],
              limit: 10_000,
              ...(cursor ? { cursor } : {}),
            },
          });
          if (!page.success) throw new Error(page.error);
          for (const e of page.data.result.events ?? []) stored.add(e.id as string);
          cursor = page.data.result.nextCursor;
        } while (cursor);
        expect(stored.size).toBe(acked.length);
        expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      } finally {
        engine.close();
      }

      const peakRss = Math.max(memory.peak, ...samples.map((m) => m.rss));
      const peakAnon = Math.max(...samples.map((m) => m.anon));
      const third = Math.max(1, Math.floor(samples.length / 3));
      const anonOf = (part: typeof samples) => Math.max(...part.map((m) => m.anon)).toFixed(0);
      console.log(
        [
          `mixed load, ${elapsed.toFixed(0)} s: ${appenders} appenders, ${queriers} queriers, ` +
            `${listeners} listeners, 1 slow-body client, 1 stalled reader`,
          `  appended ${acked.length.toLocaleString('en')} events in ${counts.appends} calls ` +
            `(${Math.round(acked.length / elapsed).toLocaleString('en')}/s); ` +
            `${counts.queries} queries; errors: ${errors.length}`,
          `  slow bodies cut with 408: ${counts.slowCut} (other ends: ${counts.slowOther}); ` +
            `stalled reader dropped: ${stalledEnded} (the listeners heard ` +
            `${(heardBytes / 1024 / 1024).toFixed(1)} MiB; it got ` +
            `${(stalled.received().length / 1024 / 1024).toFixed(1)} MiB)`,
          `  server RSS: peak ${peakRss.toFixed(0)} MiB, at the end ${memory.rss.toFixed(0)} MiB ` +
            `(${memory.file.toFixed(0)} MiB of it the memory-mapped database); without ` +
            `file-backed pages: peak ${peakAnon.toFixed(0)} MiB, highest in the first third ` +
            `${anonOf(samples.slice(0, third))} MiB, in the last third ` +
            `${anonOf(samples.slice(-third))} MiB`,
        ].join('\n'),
      );
      expect(errors).toEqual([]);
      expect(counts.slowCut).toBeGreaterThanOrEqual(Math.floor(seconds / 15));
      expect(counts.slowOther).toBe(0);
      // The stalled reader cannot have been kept past what it holds in buffers.
      if (heardBytes > 16 * 1024 * 1024) expect(stalledEnded).toBe(true);
      expect(peakRss).toBeLessThan(1024);
    },
    (seconds + 300) * 1000,
  );
});
