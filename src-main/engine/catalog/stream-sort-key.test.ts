import { describe, expect, it } from 'vitest';
import { streamSortKey } from './stream-sort-key';

/** Sorted as SQLite's BINARY collation sorts the keys (all keys here are ASCII), ties by name. */
function natural(names: string[]): string[] {
  const key = (n: string) => streamSortKey(n);
  return [...names].sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
}

describe('streamSortKey', () => {
  it('orders IPv4 addresses by octets', () => {
    expect(
      natural(['10.0.0.10', '10.0.0.9', '100.2.4.116', '1.22.35.226', '9.255.255.255', '10.0.1.0']),
    ).toEqual(['1.22.35.226', '9.255.255.255', '10.0.0.9', '10.0.0.10', '10.0.1.0', '100.2.4.116']);
  });

  it('orders numbers inside names by value, case folded, leading zeros and case as tie-breaks', () => {
    expect(natural(['order-10', 'Order-2', 'order-1', 'order-02', 'order', 'b', 'A', 'a'])).toEqual(
      ['A', 'a', 'b', 'order', 'order-1', 'Order-2', 'order-02', 'order-10'],
    );
    expect(natural(['x0', 'x00', 'x000001', 'x'])).toEqual(['x', 'x0', 'x00', 'x000001']);
  });

  it('compares digit runs of any length by value', () => {
    const big = ['1'.repeat(9), '9'.repeat(8), '1'.repeat(10), '2'.repeat(9), '1' + '0'.repeat(99)];
    expect(natural(big)).toEqual([
      '9'.repeat(8),
      '1'.repeat(9),
      '2'.repeat(9),
      '1'.repeat(10),
      '1' + '0'.repeat(99),
    ]);
  });

  it('puts numbers before letters, and IPv6 addresses by value between them', () => {
    expect(
      natural([
        'web-1',
        'fe80::1%eth0',
        '2001:db8::10',
        '::1',
        '2001:db8::9',
        '10.0.0.1',
        '::ffff:10.0.0.1',
        '2001:DB8::a',
        '7',
      ]),
    ).toEqual([
      '7',
      '10.0.0.1',
      '::1',
      '::ffff:10.0.0.1',
      '2001:db8::9',
      '2001:DB8::a',
      '2001:db8::10',
      'fe80::1%eth0',
      'web-1',
    ]);
  });

  it('leaves names that only look like addresses to the natural order', () => {
    // Not IPv6 (a group too long, two `::`): digit runs by value.
    expect(streamSortKey('1:2::3::4')).toBe('11:12::13::14');
    expect(streamSortKey('abc:12345::1')).toBe('abc:512345::11');
  });
});
