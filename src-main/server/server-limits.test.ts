import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, rawRequest } from '../test-support/raw-http';
import { openRawSocket, requestHead } from '../test-support/raw-socket';
import { readEventStream } from '../test-support/sse-reader';
import { serveTempDatabase, type TempServe } from '../test-support/temp-serve';
import { defaultBodyPace } from './body-pace';

/**
 * What a real `eventlens serve` does with clients that misbehave at the HTTP level: bodies that
 * never finish, bodies sent without the token, too many large bodies at once, and readers of
 * the event stream that stop reading. Raw sockets, so every byte is the test's.
 */
let server: TempServe;
beforeAll(async () => {
  server = await serveTempDatabase('limits.db');
});
afterAll(() => server?.close());

const auth = () => ({ Authorization: `Bearer ${server.token}` });
const status = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/u.exec(text)?.[1]);
const windowMs = defaultBodyPace.windowMs;
/** The head of an authorised appendEvent request that announces a JSON body of `length` bytes. */
const appendHead = (length: number, headers: Record<string, string> = {}) =>
  requestHead(server.port, 'POST', '/api/appendEvent', {
    ...auth(),
    'Content-Type': 'application/json',
    'Content-Length': length,
    ...headers,
  });

async function append(streamId: string): Promise<void> {
  const res = await apiCall(
    server.port,
    'appendEvent',
    { instanceId: 'limits', streamId, autoCreateInstance: true },
    { authorization: `Bearer ${server.token}` },
  );
  expect(res.json()).toMatchObject({ success: true });
}

describe('request bodies', () => {
  it('cuts a body that stalls or trickles (408, connection closed), and no event stream with it', async () => {
    const stream = await readEventStream(server.port, server.token);
    const stalled = await openRawSocket(server.port);
    await stalled.write(appendHead(1000) + '{"params":');
    const trickle = await openRawSocket(server.port);
    await trickle.write(appendHead(100_000));
    // One byte a second: always something, never enough.
    const drip = setInterval(() => void trickle.write(' '), 1000);
    try {
      const [stalledMs, trickleMs] = await Promise.all([stalled.closed, trickle.closed]);
      for (const [socket, ms] of [
        [stalled, stalledMs],
        [trickle, trickleMs],
      ] as const) {
        expect(status(socket.received())).toBe(408);
        expect(socket.received()).toMatch(/^Connection: close\r$/imu);
        expect(socket.received()).toContain('"code":"LIMIT_EXCEEDED"');
        expect(ms).toBeGreaterThanOrEqual(windowMs - 500);
        expect(ms).toBeLessThan(3 * windowMs);
      }
    } finally {
      clearInterval(drip);
    }
    // The event stream, open all along, is alive: the body limits never touch a response.
    expect(stream.ended()).toBe(false);
    await append('after-cut');
    await stream.until((events) => events.some((e) => e.data.includes('after-cut')));
    stream.close();
  });

  it('answers a body without the token at once, reads none of it, and closes the connection', async () => {
    const socket = await openRawSocket(server.port);
    const declared = 200 * 1024 * 1024;
    await socket.write(
      requestHead(server.port, 'POST', '/api/appendEvents', {
        'Content-Type': 'application/json',
        'Content-Length': declared,
      }),
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    while (sent < declared && (await socket.write(chunk))) sent += chunk.length;
    await socket.closed;
    expect(status(socket.received())).toBe(401);
    expect(socket.received()).toMatch(/^Connection: close\r$/imu);
    // What got through before the close is what the OS buffers hold, not the body.
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });

  it('sends 100 Continue only to a request it lets in', async () => {
    const refused = await openRawSocket(server.port);
    await refused.write(
      requestHead(server.port, 'POST', '/api/appendEvent', {
        'Content-Type': 'application/json',
        'Content-Length': 10,
        Expect: '100-continue',
      }),
    );
    await refused.closed;
    expect(refused.received()).not.toContain('100 Continue');
    expect(status(refused.received())).toBe(401);

    const body = JSON.stringify({ params: { instanceId: 'limits', autoCreateInstance: true } });
    const welcome = await openRawSocket(server.port);
    await welcome.write(appendHead(Buffer.byteLength(body), { Expect: '100-continue' }));
    await welcome.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n/u);
    await welcome.write(body);
    await welcome.waitFor(/"success":true/u);
    welcome.socket.destroy();
  });

  it('closes the connection after every 401 and 403', async () => {
    const noToken = await rawRequest({ port: server.port, method: 'POST', path: '/api/x' });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.connection).toBe('close');
    const wrongHost = await rawRequest({
      port: server.port,
      path: '/',
      headers: { host: 'evil.example' },
    });
    expect(wrongHost.status).toBe(403);
    expect(wrongHost.headers.connection).toBe('close');
  });

  it('answers 503 BUSY with Retry-After while large bodies fill the in-flight budget', async () => {
    // Two calls announce 64 MiB bodies each (the budget: two at once) and send them slowly.
    const big = await Promise.all([openRawSocket(server.port), openRawSocket(server.port)]);
    for (const socket of big) {
      await socket.write(
        requestHead(server.port, 'POST', '/api/appendEvents', {
          ...auth(),
          'Content-Type': 'application/json',
          'Content-Length': 64 * 1024 * 1024,
        }) + ' '.repeat(64 * 1024),
      );
    }
    // Let the server read both heads (each reserves its declared length).
    await new Promise((r) => setTimeout(r, 500));
    const third = await apiCall(server.port, 'listInstances', {}, auth());
    expect(third.status).toBe(503);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.json()).toMatchObject({
      success: false,
      code: 'BUSY',
      error: expect.stringContaining('retry in a moment') as unknown,
    });
    // Once they are gone, the budget is free again.
    for (const socket of big) socket.socket.destroy();
    await Promise.all(big.map((s) => s.closed));
    await new Promise((r) => setTimeout(r, 200));
    const retried = await apiCall(server.port, 'listInstances', {}, auth());
    expect(retried.status).toBe(200);
  });
});

describe('the event stream', () => {
  it('drops a reader who stops reading, while a reader who keeps up gets every event', async () => {
    const healthy = await readEventStream(server.port, server.token);
    const stalled = await openRawSocket(server.port);
    await stalled.write(requestHead(server.port, 'GET', `/api/events?token=${server.token}`));
    await stalled.waitFor(/event: ready/u);
    stalled.socket.pause(); // reads nothing more: the OS buffers fill, then the server's

    // Large change events: appends to 1,000 streams with long names, ~0.5 MB each.
    const calls = 40;
    const streams = (call: number) =>
      Array.from({ length: 1000 }, (_, i) => ({
        streamId: `${'s'.repeat(400)}-${call}-${i}`,
      }));
    for (let call = 0; call < calls; call++) {
      const res = await apiCall(
        server.port,
        'appendEvents',
        { instanceId: 'flood', autoCreateInstance: true, events: streams(call) },
        auth(),
      );
      expect(res.json()).toMatchObject({ success: true });
    }
    await healthy.until(
      (events) => events.filter((e) => e.data.includes('ssssssssss')).length >= calls,
    );
    // The stalled reader was given up: once it reads again it finds the end of its stream
    // after a part of the events (what the OS and the server's bounded buffer held).
    await new Promise((r) => setTimeout(r, 6_000)); // past the grace for reading a resync
    stalled.socket.resume();
    const closedAfter = await Promise.race([
      stalled.closed,
      new Promise<null>((r) => setTimeout(() => r(null), 15_000)),
    ]);
    expect(closedAfter, 'the stalled reader is still connected').not.toBeNull();
    const healthyBytes = healthy.events.reduce((n, e) => n + e.data.length, 0);
    expect(stalled.received().length).toBeLessThan(healthyBytes / 2);
    expect(stalled.received()).not.toContain(`-${calls - 1}-999`);
    expect(healthy.ended()).toBe(false);
    healthy.close();
  });
});
