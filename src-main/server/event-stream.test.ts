import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpBody, openRawSocket, requestHead, type RawSocket } from '../test-support/raw-socket';
import { EventStreamHub, type EventStreamLimits } from './event-stream';

/** The hub on a real HTTP server, read over a real socket that the test can stop reading. */
let server: http.Server | undefined;
let hub: EventStreamHub | undefined;

afterEach(async () => {
  hub?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = hub = undefined;
});

async function hubWithStalledReader(
  limits: Partial<EventStreamLimits>,
): Promise<{ hub: EventStreamHub; reader: RawSocket; closedOnServer: Promise<void> }> {
  hub = new EventStreamHub(limits);
  let closed!: () => void;
  const closedOnServer = new Promise<void>((r) => (closed = r));
  server = http.createServer((_req, res) => {
    res.once('close', closed);
    hub!.open(res, {});
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const reader = await openRawSocket(port);
  await reader.write(requestHead(port, 'GET', '/'));
  await reader.waitFor(/event: ready/u);
  reader.socket.pause();
  return { hub, reader, closedOnServer };
}

/**
 * Sends 64 KiB events, one per turn of the event loop (as changes come), until the hub gives
 * the reader up; how many it took.
 */
async function floodUntilDropped(h: EventStreamHub): Promise<number> {
  const data = { fill: 'x'.repeat(64 * 1024) };
  let sent = 0;
  while (h.size > 0 && sent < 5000) {
    h.sendEvent('change', data);
    sent++;
    await new Promise((r) => setImmediate(r));
  }
  return sent;
}

describe('EventStreamHub', () => {
  it('gives up a reader past its buffer bound, sending it a resync after what it has', async () => {
    const { hub: h, reader } = await hubWithStalledReader({
      maxBufferedBytes: 256 * 1024,
      dropGraceMs: 30_000,
    });
    const sent = await floodUntilDropped(h);
    expect(h.size).toBe(0);
    // The OS buffers take some megabytes first; the bound is on what this process holds.
    expect(sent).toBeLessThan(5000);
    reader.socket.resume();
    await reader.waitFor(/\r\n0\r\n\r\n$/u); // the stream's last chunk: it ended
    const body = httpBody(reader.received());
    expect(body.endsWith('event: resync\ndata: {}\n\n')).toBe(true);
    // Every event before the resync arrived whole.
    const changes = body.split('event: change\n').length - 1;
    expect(changes).toBe(sent);
  });

  it('cuts the connection of a reader that does not read its resync in time', async () => {
    const {
      hub: h,
      reader,
      closedOnServer,
    } = await hubWithStalledReader({
      maxBufferedBytes: 256 * 1024,
      dropGraceMs: 300,
    });
    await floodUntilDropped(h);
    await closedOnServer; // its buffers are freed without it ever reading again
    reader.socket.resume();
    await reader.closed;
    expect(reader.received()).not.toContain('event: resync');
  });
});
