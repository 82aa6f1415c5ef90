import type { MessagePort } from 'node:worker_threads';
import { Engine } from '../engine';
import { FollowStore } from './follow-store';
import type {
  FollowHostMessage,
  FollowWorkerData,
  FollowWorkerMessage,
  FollowWorkerStats,
} from './follow-worker-protocol';
import { Follower } from './follower';

interface Running {
  follower: Follower | null;
  controller: AbortController;
  done: Promise<void>;
  /** Why it could not start (no such source, its instance gone). */
  startError: string | null;
}

/**
 * The follow worker's loop: every source the host starts is followed here, each by its own
 * Follower on this thread's one connection, until the host stops it or closes. A source that
 * fails stays listed (state `failed`, with its error) until the host stops or restarts it.
 */
export function serveFollow(data: FollowWorkerData, port: MessagePort): void {
  const engine = Engine.open(data.db, data.dbOptions);
  const store = new FollowStore(engine.db);
  const running = new Map<number, Running>();
  const post = (message: FollowWorkerMessage) => port.postMessage(message);
  let closing: Promise<void> | null = null;

  const start = (sourceId: number) => {
    const current = running.get(sourceId);
    if (current && current.follower?.stats().state === 'following') return;
    const controller = new AbortController();
    const entry: Running = {
      follower: null,
      controller,
      done: Promise.resolve(),
      startError: null,
    };
    running.set(sourceId, entry);
    try {
      const source = store.source(sourceId);
      if (!source) throw new Error(`live source ${sourceId}: not in the database any more`);
      const follower = new Follower(engine, store, source, {
        ...(data.pollMs !== undefined ? { pollMs: data.pollMs } : {}),
        ...(data.retireIdleMs !== undefined ? { retireIdleMs: data.retireIdleMs } : {}),
        onCommit: (c) =>
          post({ type: 'commit', sourceId, instanceId: c.instanceId, count: c.count }),
      });
      entry.follower = follower;
      // A failure is kept in the follower's stats (state failed, lastError) for the host.
      entry.done = follower.run(controller.signal).catch(() => {});
    } catch (err) {
      entry.startError = err instanceof Error ? err.message : String(err);
    }
    report();
  };

  const stop = async (sourceId: number) => {
    const entry = running.get(sourceId);
    if (entry) {
      entry.controller.abort();
      await entry.done;
      running.delete(sourceId);
    }
    post({ type: 'stopped', sourceId });
  };

  const statsOf = (sourceId: number, entry: Running): FollowWorkerStats => {
    if (!entry.follower) {
      return {
        sourceId,
        state: 'failed',
        events: 0,
        rate: 0,
        files: 0,
        bad: 0,
        lastError: entry.startError,
        lastBadLine: null,
      };
    }
    const s = entry.follower.stats();
    return {
      sourceId,
      state: s.state === 'failed' ? 'failed' : 'following',
      events: s.events,
      rate: s.rate,
      files: s.files,
      bad: s.bad,
      lastError: s.lastError,
      lastBadLine: s.lastBadLine,
    };
  };

  const report = () => {
    post({ type: 'stats', stats: [...running].map(([id, entry]) => statsOf(id, entry)) });
  };
  const ticker = setInterval(report, data.statsMs ?? 1_000);

  const close = async () => {
    clearInterval(ticker);
    for (const entry of running.values()) entry.controller.abort();
    await Promise.allSettled([...running.values()].map((e) => e.done));
    running.clear();
    engine.close();
    post({ type: 'closed' });
    port.close();
  };

  port.on('message', (message: FollowHostMessage) => {
    if (closing) return;
    if (message.type === 'start') start(message.sourceId);
    else if (message.type === 'stop') void stop(message.sourceId);
    else closing = close();
  });
}
