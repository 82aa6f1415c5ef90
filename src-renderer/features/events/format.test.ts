import { describe, expect, it } from 'vitest';
import { formatTime, summarise, valueAt } from './format';

describe('formatting', () => {
  it('formats times in UTC with milliseconds', () => {
    expect(formatTime(Date.UTC(2026, 0, 3, 4, 5, 6, 7), 'utc')).toBe('2026-01-03 04:05:06.007');
  });
  it('summarises a payload on one line, message first', () => {
    expect(summarise({ user: { id: 'u1' }, message: 'paid\nfor order', ok: true })).toBe(
      'paid for order user={"id":"u1"} ok=true',
    );
    expect(summarise({ a: 'x'.repeat(1000) }).length).toBeLessThanOrEqual(300);
  });
  it('reads a value at a path', () => {
    expect(valueAt({ a: [{ b: 2 }] }, ['a', 0, 'b'])).toBe(2);
    expect(valueAt({ a: 1 }, ['a', 'b'])).toBeUndefined();
  });
});
