import type { Locator, Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cliLauncher } from '../../src-main/test-support/built-cli';
import type { Query } from '../../src-shared/contract/query';
import { expect, test } from '../fixtures';
import { cliData } from '../support/cli';

/**
 * "Show in stream" from a search hit deep in a long stream (issue 20): the stream opens at the
 * event (`startAt`), not from its start, so it takes two requests at any depth; the event is
 * marked, selected and in view; scrolling down follows `nextCursor` to the stream's end and
 * scrolling up follows `prevCursor` to its first event, the rows in view staying put as pages
 * are put before them.
 */
const length = 3_000;
const deep = 2_500;

/**
 * The sequence numbers of the first and last rows loaded, from a row in view: the stream's rows
 * are loaded without a gap, so each row's number less its index is the first row's number.
 */
async function loadedSeqs(table: Locator): Promise<{ first: number; last: number }> {
  return table.evaluate((el) => {
    const rows = [...el.querySelectorAll<HTMLElement>('[data-testid="event-row"]')];
    const offsets = new Set(rows.map((r) => Number(r.dataset.seq) - Number(r.dataset.index)));
    if (offsets.size !== 1)
      throw new Error(`rows in view out of sequence: ${[...offsets].join(', ')}`);
    const first = [...offsets][0]!;
    return { first, last: first + Number(el.getAttribute('data-rows')) - 1 };
  });
}

test('show in stream opens a long stream at a deep event and pages both ways from it', async ({
  app,
  page,
  dbFile,
}) => {
  test.setTimeout(120_000);
  await cliData('createInstance', { name: 'app' }, dbFile);
  const start = Date.parse('2026-03-01T00:00:00Z');
  // Too long for an argument: the CLI reads it from a file.
  const batch = path.join(path.dirname(dbFile), 'events.json');
  fs.writeFileSync(
    batch,
    JSON.stringify({
      instanceId: 'app',
      events: Array.from({ length }, (_, i) => ({
        streamId: 'worker-7',
        eventType: 'tick',
        timestamp: new Date(start + i * 1_000).toISOString(),
        payload: { message: i + 1 === deep ? `tick ${i + 1}: quokka seen` : `tick ${i + 1}` },
      })),
    }),
  );
  execFileSync(process.execPath, [cliLauncher, 'appendEvents', `@${batch}`, '--db', dbFile], {
    stdio: 'ignore',
  });
  await cliData(
    'appendEvents',
    {
      instanceId: 'app',
      events: [{ streamId: 'other', eventType: 'note', payload: { message: 'no animals' } }],
    },
    dbFile,
  );
  await app.open();
  await app.selectInstance('app');
  await app.waitForRows();
  await app.filter.fill('quokka');
  await app.filter.press('Enter');
  expect(await app.waitForRows()).toBe(1);
  const id = (await app.row(0).getAttribute('data-event-id'))!;

  // Every request of the stream's query says where its page starts: at the event or a cursor.
  const streamPages: Query[] = [];
  page.on('request', (r: Request) => {
    if (!r.url().includes('/api/queryEvents')) return;
    const { query } = (r.postDataJSON() as { params: { query: Query } }).params;
    if (query.from.stream === 'worker-7') streamPages.push(query);
  });
  await app.row(0).click({ button: 'right' });
  await page.getByTestId('row-menu-stream').click();
  await expect(page.getByTestId('context-bar')).toHaveAttribute('data-kind', 'stream');
  const marked = page.locator('[data-testid="event-row"].tr-marked');
  await expect(marked).toHaveAttribute('data-event-id', id);
  await expect(marked).toHaveAttribute('data-seq', String(deep));
  await expect(marked).toHaveAttribute('aria-selected', 'true');
  await expect(marked).toBeInViewport();
  expect(await app.waitForRows()).toBe(length);
  // The page at the event and the page before it, then at most one page each way prefetched
  // (the event sits within 200 rows of both ends of what is loaded) — never the pages up to it
  // from the stream's start, which took seven requests and 2,700 rows.
  expect(streamPages.length).toBeLessThanOrEqual(4);
  expect(streamPages[0]!.startAt).toBe(id);
  for (const q of streamPages) expect(q.startAt !== undefined || q.cursor !== undefined).toBe(true);
  const loaded = Number(await app.table.getAttribute('data-rows'));
  expect(loaded).toBeLessThan(deep);
  // The search stays: the event's word is still marked in the table.
  await expect
    .poll(() => page.evaluate(() => [...(CSS.highlights.get('search-match') ?? [])].map(String)))
    .toContain('quokka');

  // Down to the stream's end: the rows follow the event in sequence order.
  const scroll = (where: 'start' | 'end') =>
    app.table.evaluate((el, to) => {
      el.scrollTop = to === 'start' ? 0 : el.scrollHeight;
    }, where);
  await expect
    .poll(async () => {
      await scroll('end');
      return (await loadedSeqs(app.table)).last;
    })
    .toBe(length);

  // Up to its first event, a page at a time: the row at the top of the view stays there as
  // each page is put before it.
  for (let step = 0; step < 10; step++) {
    const { first } = await loadedSeqs(app.table);
    if (first === 1) break;
    await scroll('start');
    await expect.poll(async () => (await loadedSeqs(app.table)).first).toBeLessThan(first);
    // The row that was first, at the top of the view, is still in view.
    const same = page.locator(`[data-testid="event-row"][data-seq="${first}"]`);
    await expect(same).toBeInViewport();
    expect(Number(await same.getAttribute('data-index'))).toBeGreaterThan(0);
  }
  // Every row of the stream, once, without a gap (loadedSeqs checks the rows in view).
  expect(await loadedSeqs(app.table)).toEqual({ first: 1, last: length });
  expect(Number(await app.table.getAttribute('data-rows'))).toBe(length);
  await scroll('start');
  await expect(app.row(0)).toHaveAttribute('data-seq', '1');

  // The selection moved with the rows put before it: it is still the event, and the next row
  // down is the one after it in the stream.
  await app.table.focus();
  await page.keyboard.press('ArrowDown');
  const selected = page.locator('[data-testid="event-row"][aria-selected="true"]');
  await expect(selected).toHaveAttribute('data-seq', String(deep + 1));
  await expect(selected).toBeInViewport();
});
