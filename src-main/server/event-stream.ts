import type { ServerResponse } from 'node:http';
import type { ChangeEvent } from '../../src-shared/contract/change-events';

/**
 * Server-sent events: every open page gets every change event. SSE rather than a WebSocket:
 * changes flow one way, EventSource reconnects by itself, and node:http needs nothing more.
 */
export class EventStreamHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    // A comment line now and then keeps idle connections from being dropped by proxies/OSes.
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), heartbeatMs);
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
    for (const res of this.clients) res.write(chunk);
  }
}
