import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobSnapshot } from '../../src-shared/contract/jobs';
import { createHttpClient } from './http-transport';
import { createHttpJobClient, HttpApi, JobFeed } from './job-client';
import { connectCacheToChanges, createQueryClient, operationKey } from './query-cache';
import { SourcesFeed } from './sources-client';

/**
 * The browser's EventSource, as far as the transport uses it: the test plays the server's
 * side (`ready`, `resync`, ...). Everything else is the real client.
 */
class TestEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: TestEventSource[] = [];
  readyState = TestEventSource.CONNECTING;
  private readonly listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {
    TestEventSource.opened.push(this);
  }
  addEventListener(name: string, listener: (e: MessageEvent<string>) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  close(): void {
    this.readyState = TestEventSource.CLOSED;
  }
  /** The server sends `event: <name>`. */
  emit(name: string, data = '{}'): void {
    if (this.readyState === TestEventSource.CLOSED) return;
    this.readyState = TestEventSource.OPEN;
    for (const l of this.listeners.get(name) ?? []) l({ data } as MessageEvent<string>);
  }
}

const latest = () => TestEventSource.opened.at(-1)!;

const job: JobSnapshot = {
  jobId: '11111111-1111-4111-8111-111111111111',
  kind: 'import',
  state: 'done',
  progress: null,
  startedAt: '2024-01-01T00:00:00.000Z',
  endedAt: '2024-01-01T00:00:01.000Z',
  title: 'app.ndjson → app',
};

beforeEach(() => {
  TestEventSource.opened = [];
  vi.stubGlobal('EventSource', TestEventSource);
  // The job list the server answers (GET /api/jobs).
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(Response.json({ success: true, data: { jobs: [job] } }))),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('the HTTP transport when the server says resync', () => {
  it('reconnects at once and, back live, reloads the views and looks its jobs up again', async () => {
    const client = createHttpClient({ token: 't' });
    const states: string[] = [];
    client.onConnectionState((s) => states.push(s));
    const qc = createQueryClient();
    const key = operationKey('listInstances', {});
    qc.setQueryData(key, { instances: [] });
    const stopCache = connectCacheToChanges(qc, client);
    const feed = new JobFeed();
    const jobs = createHttpJobClient(client, feed, new HttpApi('', 't'), new SourcesFeed());
    const seen: JobSnapshot[] = [];
    jobs.subscribe((s) => seen.push(s));

    expect(TestEventSource.opened).toHaveLength(1);
    latest().emit('ready');
    expect(states).toEqual(['live']);
    expect(qc.getQueryState(key)?.isInvalidated).toBe(false);

    // Dropped for falling behind: events were missed.
    const first = latest();
    first.emit('resync');
    expect(first.readyState).toBe(TestEventSource.CLOSED);
    expect(TestEventSource.opened).toHaveLength(2);
    expect(states).toEqual(['live', 'reconnecting']);

    latest().emit('ready');
    expect(states).toEqual(['live', 'reconnecting', 'live']);
    expect(qc.getQueryState(key)?.isInvalidated).toBe(true);
    await vi.waitFor(() => expect(seen).toEqual([job]), { timeout: 30_000 });
    expect(vi.mocked(fetch)).toHaveBeenCalledWith('/api/jobs', expect.anything());
    stopCache();
  });
});
