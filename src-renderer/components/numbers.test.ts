import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount } from './numbers';

describe('numbers', () => {
  it('groups counts by thousands', () => {
    expect(formatCount(11381)).toBe('11,381');
    expect(formatCount(999)).toBe('999');
  });

  it('writes sizes in binary units, one system for every screen', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500)).toBe('1.46 KiB');
    expect(formatBytes(123_456_789)).toBe('117.7 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GiB');
  });
});
