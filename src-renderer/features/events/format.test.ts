import { describe, expect, it } from 'vitest';
import { compactJson, formatTime, summarise, valueAt } from './format';

describe('formatting', () => {
  it('formats times in UTC with milliseconds', () => {
    expect(formatTime(Date.UTC(2026, 0, 3, 4, 5, 6, 7), 'utc')).toBe('2026-01-03 04:05:06.007');
  });
  it('summarises a payload on one line, message first', () => {
    expect(summarise({ user: { id: 'u1' }, message: 'paid\nfor order', ok: true })).toBe(
      'paid for order user={"id":"u1"} ok=true',
    );
    expect(summarise({ a: 'x'.repeat(1000) }).length).toBeLessThanOrEqual(200);
    // A Windows event log's "Message" leads too (any case), before the other fields.
    expect(summarise({ Keywords: '-92', Message: 'A bind was permitted.', EventID: 5158 })).toBe(
      'A bind was permitted. Keywords=-92 EventID=5158',
    );
    expect(summarise({ text: 'b', msg: 'a' })).toBe('a text=b');
    // The line presets of Loghub's systems put the message last, as Content; it leads here,
    // or an HDFS table showed "Date=081109 Time=203615 Pid=148 Level=INFO Component=…" cut
    // before it.
    expect(
      summarise({ Date: '081109', Time: '203615', Level: 'INFO', Content: 'Receiving block' }),
    ).toBe('Receiving block Date=081109 Time=203615 Level=INFO');
    expect(summarise({ stream: 'stdout', log: 'listening on :8080' })).toBe(
      'listening on :8080 stream=stdout',
    );
  });
  it('reads a value at a path', () => {
    expect(valueAt({ a: [{ b: 2 }] }, ['a', 0, 'b'])).toBe(2);
    expect(valueAt({ a: 1 }, ['a', 'b'])).toBeUndefined();
  });
});

describe('compactJson', () => {
  it('is JSON when short, and stops at its budget when long', () => {
    expect(compactJson({ a: [1, 'x', null], b: { c: true } }, 100)).toBe(
      JSON.stringify({ a: [1, 'x', null], b: { c: true } }),
    );
    const long = compactJson({ items: Array.from({ length: 1000 }, (_, i) => ({ i })) }, 50);
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long.endsWith('…')).toBe(true);
  });
});
