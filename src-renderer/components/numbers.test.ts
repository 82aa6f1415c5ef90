import { describe, expect, it } from 'vitest';
import { countOf, formatBytes, formatCount } from './numbers';

describe('numbers', () => {
  it('groups counts by thousands', () => {
    expect(formatCount(11381)).toBe('11,381');
    expect(formatCount(999)).toBe('999');
  });

  it('writes a count with its noun, singular for exactly one', () => {
    expect(countOf(1, 'event')).toBe('1 event');
    expect(countOf(0, 'event')).toBe('0 events');
    expect(countOf(12_345, 'match', 'matches')).toBe('12,345 matches');
  });

  it('writes sizes in binary units, one system for every screen', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500)).toBe('1.46 KiB');
    expect(formatBytes(123_456_789)).toBe('117.7 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GiB');
  });
});
