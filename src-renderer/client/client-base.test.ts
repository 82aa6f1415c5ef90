import { describe, expect, it, vi } from 'vitest';
import type { EnvelopeFor, OperationName, ParamsOf } from '../../src-shared/contract/operations';
import { cancelGraceMs, clientOver } from './client-base';

interface Sent {
  op: OperationName;
  params: unknown;
  requestId: string;
}

/** A transport that records calls and answers only when told to. */
function recordingTransport() {
  const sent: Sent[] = [];
  /** Calls whose transport request was dropped (the connection closed). */
  const dropped: string[] = [];
  const answers = new Map<string, (e: unknown) => void>();
  const client = clientOver({
    kind: 'http',
    initialState: 'live',
    listen: () => () => {},
    call: <Op extends OperationName>(
      op: Op,
      params: ParamsOf<Op>,
      requestId: string,
      signal?: AbortSignal,
    ) => {
      sent.push({ op, params, requestId });
      signal?.addEventListener('abort', () => dropped.push(requestId));
      return new Promise<EnvelopeFor<Op>>((resolve) =>
        answers.set(requestId, (e) => resolve(e as EnvelopeFor<Op>)),
      );
    },
  });
  return { client, sent, answers, dropped };
}

describe('client calls with requestIds and cancellation', () => {
  it('gives every call a fresh requestId unless the caller picks one', () => {
    const { client, sent } = recordingTransport();
    void client.listInstances({});
    void client.listInstances({});
    void client.queryEvents({ query: { from: { instance: 'x' } } }, { requestId: 'mine' });
    expect(sent[0]!.requestId).not.toBe(sent[1]!.requestId);
    expect(sent[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/u);
    expect(sent[2]!.requestId).toBe('mine');
  });

  it('an abort answers CANCELLED at once and cancels in the engine once the call is not young', async () => {
    vi.useFakeTimers();
    try {
      const { client, sent, dropped } = recordingTransport();
      const abort = new AbortController();
      const answer = client.call(
        'queryEvents',
        { query: { from: { instance: 'x' } } },
        { requestId: 'q-1', signal: abort.signal },
      );
      abort.abort();
      expect(await answer).toMatchObject({ success: false, code: 'CANCELLED', requestId: 'q-1' });
      // A young call may still finish by itself: no cancel yet.
      expect(sent.map((s) => s.op)).toEqual(['queryEvents']);
      expect(dropped).toEqual([]);
      vi.advanceTimersByTime(cancelGraceMs);
      expect(sent.map((s) => [s.op, s.params])).toEqual([
        ['queryEvents', { query: { from: { instance: 'x' } } }],
        ['cancel', { requestId: 'q-1' }],
      ]);
      // ...and its request is dropped, freeing its connection (the server cancels on close).
      expect(dropped).toEqual(['q-1']);
      // An old call is cancelled at once.
      const old = new AbortController();
      void client.call(
        'queryEvents',
        { query: { from: { instance: 'x' } } },
        { requestId: 'q-2', signal: old.signal },
      );
      vi.advanceTimersByTime(cancelGraceMs + 1);
      old.abort();
      expect(sent.at(-1)).toMatchObject({ op: 'cancel', params: { requestId: 'q-2' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a call that answers within the grace period is not cancelled', async () => {
    vi.useFakeTimers();
    try {
      const { client, sent, answers } = recordingTransport();
      const abort = new AbortController();
      const answer = client.call('listInstances', {}, { requestId: 'l-2', signal: abort.signal });
      abort.abort();
      expect(await answer).toMatchObject({ code: 'CANCELLED' });
      answers.get('l-2')!({
        type: 'eventLog.listInstances',
        success: true,
        data: { instances: [] },
      });
      await Promise.resolve();
      vi.advanceTimersByTime(cancelGraceMs * 2);
      expect(sent.map((s) => s.op)).toEqual(['listInstances']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the answer wins when it comes first; an already aborted signal sends nothing', async () => {
    const { client, sent, answers } = recordingTransport();
    const abort = new AbortController();
    const answer = client.call('listInstances', {}, { requestId: 'l-1', signal: abort.signal });
    const envelope = { type: 'eventLog.listInstances', success: true, data: { instances: [] } };
    answers.get('l-1')!(envelope);
    expect(await answer).toBe(envelope);
    abort.abort();
    expect(sent).toHaveLength(1);
    const gone = new AbortController();
    gone.abort();
    expect(await client.call('listInstances', {}, { signal: gone.signal })).toMatchObject({
      code: 'CANCELLED',
    });
    expect(sent).toHaveLength(1);
  });
});
