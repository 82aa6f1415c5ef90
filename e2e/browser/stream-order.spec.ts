import fs from 'node:fs';
import { expect, test } from '../dataset-fixtures';
import { dataset } from '../support/datasets';

/**
 * Streams named by IP addresses come in natural order (issue 19, item 15): the Apache access
 * log's streams are its client addresses, and 10.0.0.9 comes before 10.0.0.10 — on the first
 * page, deep in the list, and under a name filter, since the engine pages in this order.
 */

/** The log's client addresses, by octets: the order the list must show. */
function addressesByOctets(): string[] {
  const lines = fs.readFileSync(dataset('elastic-apache-access', 'apache_logs'), 'utf8');
  const hosts = new Set(lines.split('\n').map((line) => line.split(' ')[0]!));
  hosts.delete('');
  const octets = (ip: string) => ip.split('.').map(Number);
  return [...hosts].sort((a, b) => {
    const x = octets(a);
    const y = octets(b);
    const i = x.findIndex((n, k) => n !== y[k]);
    return i === -1 ? 0 : x[i]! - y[i]!;
  });
}

test('IP-address streams sort by octets, through every page and under a filter', async ({
  real,
  page,
}) => {
  test.setTimeout(120_000);
  const expected = addressesByOctets();
  expect(expected.length).toBeGreaterThan(1_700);
  await real.open('apache', { builder: false });
  const items = page.getByTestId('stream-item');
  const shown = () => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-stream')));
  await expect(page.getByTestId('stream-total')).toHaveAttribute(
    'data-total',
    String(expected.length),
  );
  await expect(items.first()).toHaveAttribute('data-stream', '1.22.35.226');
  const first = await shown();
  expect(first.length).toBeGreaterThan(5);
  expect(first).toEqual(expected.slice(0, first.length));

  // The end of the list (other pages of the engine's): the largest addresses, in order.
  const scroller = page.getByTestId('stream-scroll');
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.getByTestId('stream-item').last()).toHaveAttribute(
    'data-stream',
    expected.at(-1)!,
  );
  const last = await shown();
  expect(last).toEqual(expected.slice(expected.length - last.length));

  // A filter keeps the order: 66.249.80.24 before 66.249.80.128.
  await page.getByTestId('stream-filter').fill('66.249.8');
  await expect(page.getByTestId('stream-total')).toHaveAttribute('data-total', '10');
  expect(await shown()).toEqual(expected.filter((ip) => ip.includes('66.249.8')));
  expect((await shown()).slice(0, 2)).toEqual(['66.249.80.24', '66.249.80.128']);
});
