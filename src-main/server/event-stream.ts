import type { ServerResponse } from 'node:http';
import type { ChangeEvent } from '../../src-shared/contract/change-events';

export interface EventStreamLimits {
  /** A comment line this often keeps idle connections from being dropped by proxies/OSes. */
  heartbeatMs: number;
  /**
   * Bytes that may wait in memory for one reader (beyond what the OS took). A reader further
   * behind is dropped: without a bound, a page that stopped reading (a frozen tab, a stalled
   * client) would hold every later event in this process's memory, for ever.
   */
  maxBufferedBytes: number;
  /** How long a dropped reader has to read its resync before the connection is cut. */
  dropGraceMs: number;
}

export const defaultEventStreamLimits: EventStreamLimits = {
  heartbeatMs: 15_000,
  // Change events are a few hundred bytes; an import's final snapshot, with its first 1,000
  // bad lines, can be a few hundred kilobytes. A reader that keeps up never comes near.
  maxBufferedBytes: 1024 * 1024,
  dropGraceMs: 5_000,
};

/** The last thing a dropped reader gets: it has missed events, so what it shows may be stale. */
const resyncEvent = 'event: resync\ndata: {}\n\n';

/**
 * Server-sent events: every open page gets every change event. SSE rather than a WebSocket:
 * changes flow one way, EventSource reconnects by itself, and node:http needs nothing more.
 * A reader that falls behind by more than `maxBufferedBytes` is sent `event: resync` and
 * dropped; the page reconnects and reloads what it shows (http-transport.ts).
 */
export class EventStreamHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly limits: EventStreamLimits;

  constructor(limits: Partial<EventStreamLimits> = {}) {
    this.limits = { ...defaultEventStreamLimits, ...limits };
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), this.limits.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  open(res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    // `retry`: how long EventSource waits before reconnecting; `ready`: the stream is live.
    res.write('retry: 1000\nevent: ready\ndata: {}\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(change: ChangeEvent): void {
    this.sendEvent('change', change);
  }

  /** Any other named event (`job`, ...): pages listen to the names they know. */
  sendEvent(name: string, data: unknown): void {
    this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const res of this.clients) {
      // write() turns false past the socket's high-water mark (16 KiB): the reader is behind.
      // It may catch up; only past maxBufferedBytes (writableLength: what waits in this process,
      // the response's and its socket's buffers) is it given up.
      if (res.write(chunk) || res.writableLength <= this.limits.maxBufferedBytes) continue;
      this.drop(res);
    }
  }

  /**
   * Sends a resync after what is already queued (a reader that catches up after all reads it and
   * reconnects at once), ends the stream, and cuts the connection if the reader is still behind
   * after `dropGraceMs`: then its buffers are freed.
   */
  private drop(res: ServerResponse): void {
    this.clients.delete(res);
    res.end(resyncEvent);
    const cut = setTimeout(() => res.destroy(), this.limits.dropGraceMs);
    cut.unref();
    res.once('close', () => clearTimeout(cut));
  }
}
