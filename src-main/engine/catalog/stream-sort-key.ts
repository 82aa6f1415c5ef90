import { isIPv6 } from 'node:net';

/**
 * The key that orders stream names naturally, as a file manager does: case folded, and every
 * run of digits by its value, so `10.0.0.9` < `10.0.0.10` (IPv4 addresses by octets) and
 * `order-2` < `order-10`. It is stored beside the name (`streams.sort_key`, migration 8) and
 * compared by SQLite's BINARY collation (bytes of UTF-8), so the engine can page in this order
 * from an index. Equal keys (`a01`/`a1`, `A`/`a`) are ordered by the name itself.
 *
 * A digit run is written as its length, then its digits without leading zeros: a longer
 * number is a bigger one, and numbers of one length compare digit by digit. The length is
 * `1`–`8` for up to 8 digits, else `9`, the length of the length, and the length (recursively),
 * so runs of any length compare right and a length always starts with a digit (numbers sort
 * before letters, as in ASCII).
 *
 * An IPv6 address (the whole name) is `:` and its eight groups as 4 hex digits each, so
 * addresses sort by value; `:` comes right after the digits, so IPv6 addresses follow the
 * names that start with a number (IPv4 addresses among them) and precede those with a letter.
 */
export function streamSortKey(name: string): string {
  const zone = name.indexOf('%');
  const address = zone === -1 ? name : name.slice(0, zone);
  if (address.includes(':') && isIPv6(address)) {
    return `:${expandIPv6(address)}${zone === -1 ? '' : name.slice(zone).toLowerCase()}`;
  }
  return name.toLowerCase().replace(/\d+/gu, (run) => {
    const digits = run.replace(/^0+(?=\d)/u, '');
    return lengthKey(digits.length) + digits;
  });
}

function lengthKey(length: number): string {
  if (length < 9) return String(length);
  const text = String(length);
  return `9${lengthKey(text.length)}${text}`;
}

/** `2001:db8::1` → `20010db8000000000000000000000001`; a dotted IPv4 tail becomes two groups. */
function expandIPv6(address: string): string {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/u.exec(text);
  if (v4 !== null) {
    const [a, b, c, d] = v4.slice(1).map((n) => Number(n).toString(16).padStart(2, '0'));
    text = `${text.slice(0, v4.index)}${a}${b}:${c}${d}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...(tail === undefined ? [] : zeros), ...right]
    .map((group) => group.padStart(4, '0'))
    .join('');
}
