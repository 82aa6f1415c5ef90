import http from 'node:http';

export interface SseEvent {
  event: string;
  data: string;
}

/** A well-behaved reader of the server's event stream: reads everything as it comes. */
export interface SseReader {
  events: SseEvent[];
  /** True once the server ended or dropped the stream. */
  ended(): boolean;
  /** Resolves with the events once `predicate` holds for them. */
  until(predicate: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/** Opens `GET /api/events?token=...` and resolves once the stream is live (`event: ready`). */
export function readEventStream(port: number, token: string): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    let ended = false;
    let pending = '';
    const checks = new Set<() => void>();
    const req = http.get({ host: '127.0.0.1', port, path: `/api/events?token=${token}` }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`event stream: HTTP ${res.statusCode}`));
        res.destroy();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const event = /^event: (.*)$/mu.exec(block)?.[1];
          const data = /^data: (.*)$/mu.exec(block)?.[1];
          if (event !== undefined) events.push({ event, data: data ?? '' });
        }
        if (events.some((e) => e.event === 'ready')) resolve(reader);
        for (const check of [...checks]) check();
      });
      const stop = () => {
        ended = true;
        for (const check of [...checks]) check();
      };
      res.on('end', stop);
      res.on('close', stop);
      res.on('error', stop);
    });
    req.on('error', reject);
    const reader: SseReader = {
      events,
      ended: () => ended,
      until(predicate, timeoutMs = 30_000) {
        return new Promise((ok, fail) => {
          const timer = setTimeout(() => {
            checks.delete(check);
            fail(new Error(`event stream: timed out (${events.length} events)`));
          }, timeoutMs);
          const check = () => {
            if (predicate(events)) {
              checks.delete(check);
              clearTimeout(timer);
              ok(events);
            } else if (ended) {
              checks.delete(check);
              clearTimeout(timer);
              fail(new Error(`event stream ended (${events.length} events)`));
            }
          };
          checks.add(check);
          check();
        });
      },
      close: () => req.destroy(),
    };
  });
}
