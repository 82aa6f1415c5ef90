import type { Request as PlaywrightRequest } from '@playwright/test';
import type { Query } from '../../src-shared/contract/query';
import { Engine } from '../../src-main/engine/engine';
import { cachedDb, copyOfCachedDb, fillShop } from '../../src-main/test-support/shop-db';
import { startServeProcess } from '../../src-main/test-support/serve-process';
import { QueryPage } from '../pages/query-page';
import { expect, test } from '../query-fixtures';

test.describe.configure({ timeout: 420_000 });

/**
 * Minutes of work: 200,000 events' messages each tested against 900 substrings. It must outlast
 * the test's clicks on any machine (the engine stops it when it is cancelled, so it costs
 * only until then).
 */
const spec = { instance: 'shop', count: 200_000, seed: 12, streams: 2_000 } as const;
const slow: Query = {
  from: { instance: 'shop' },
  where: [
    {
      or: Array.from({ length: 900 }, (_, i) => ({
        field: 'payload.message',
        operator: 'contains' as const,
        value: `no such text ${i}`,
      })),
    },
  ],
};
const light: Query = {
  from: { instance: 'shop' },
  where: [{ field: 'event_type', operator: 'eq', value: 'OrderPlaced' }],
};

test('a long query shows its progress, leaves the window usable, and is cancelled in the engine', async ({
  page,
}) => {
  const cached = cachedDb(`query-shop-${spec.count}-${spec.seed}-${spec.streams}`, (engine) =>
    fillShop(engine, spec),
  );
  const copy = copyOfCachedDb(cached);
  const engine = Engine.open(copy.file, { readonly: true, autoIndex: false });
  const lightTotal = engine.query({ ...light, total: true }).total;
  engine.close();
  const server = await startServeProcess(copy.file);
  try {
    const query = new QueryPage(page, server);
    await query.open();
    await runAndCancel(query, page, lightTotal);
  } finally {
    expect(await server.stop()).toBe(0);
    copy.cleanup();
  }
});

async function runAndCancel(
  query: QueryPage,
  page: QueryPage['page'],
  lightTotal: number,
): Promise<void> {
  const queryRequests = new Map<string, string>(); // requestId -> body
  const cancelled: string[] = [];
  page.on('request', (r) => {
    if (!r.url().endsWith('/api/queryEvents')) return;
    const body = JSON.parse(r.postData() ?? '{}') as { requestId: string };
    queryRequests.set(body.requestId, r.postData() ?? '');
  });
  // Requests of the slow query that the page dropped: the server cancels a query whose
  // connection closes (the way that works while six connections are busy).
  const dropped: string[] = [];
  // Requests of the slow query still open: once the query is replaced, none may stay (a
  // superseded table page used to run for minutes, holding one of the browser's six
  // connections and a worker, and the new query's views queued behind it).
  const slowOpen = new Set<PlaywrightRequest>();
  page.on('request', (r) => {
    if (r.url().endsWith('/api/queryEvents') && (r.postData() ?? '').includes('no such text 899'))
      slowOpen.add(r);
  });
  page.on('requestfinished', (r) => slowOpen.delete(r));
  page.on('requestfailed', (r) => slowOpen.delete(r));
  page.on('requestfailed', (r) => {
    if (r.url().endsWith('/api/queryEvents') && (r.postData() ?? '').includes('no such text 899'))
      dropped.push(r.failure()?.errorText ?? '');
  });
  page.on('response', async (r) => {
    if (!r.url().endsWith('/api/cancel')) return;
    const req = JSON.parse(r.request().postData() ?? '{}') as { params: { requestId: string } };
    const answer = (await r.json()) as { data?: { cancelled: boolean } };
    if (answer.data?.cancelled) cancelled.push(req.params.requestId);
  });

  await query.setJson(JSON.stringify(slow));
  const cancel = page.getByTestId('cancel-query');
  await expect(cancel).toBeVisible();
  const activity = page.getByTestId('query-activity');
  await expect(activity).toHaveAttribute('data-state', 'running');
  // The builder shows the first rows of the 900 and offers the rest: building every row's
  // inputs at once held the window for seconds.
  await expect(query.builder.getByTestId('condition')).toHaveCount(50);
  await expect(query.builder.getByTestId('show-more-conditions')).toHaveText(
    'Show 200 more of 850 hidden rows',
  );
  // Progress: the clock moves while the engine works.
  const first = await cancel.textContent();
  await expect(cancel).not.toHaveText(first!);
  await expect(activity).toContainText(
    /Running [\d.]+ (ms|s|min)( \d+ s)?: \d+ of \d+ parts answered/u,
  );

  // The window stays usable meanwhile: a popover opens and closes, the builder edits.
  await page.getByTestId('history').click();
  await expect(page.getByTestId('history-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('history-panel')).toBeHidden();

  await cancel.click();
  await expect(activity).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('run')).toHaveAttribute('title', /^Cancelled after/u);
  // Every part stopped, the table's page too (it is fetched outside the query cache, and used
  // to go on in the engine under a "Cancelled" run): the table says so, and no request of the
  // slow query stays open.
  await expect(page.getByTestId('table-cancelled')).toBeVisible();
  await expect.poll(() => slowOpen.size, { timeout: 30_000 }).toBe(0);
  // The other views say they were cancelled, not that nothing matched.
  await expect(query.histogram).toHaveAttribute('data-state', 'cancelled');
  await expect(query.histogram).toContainText('Cancelled');
  const facetsLeft = page.getByTestId('facet-empty');
  await expect(facetsLeft.first()).toBeVisible();
  for (const text of await facetsLeft.allTextContents()) expect(text).toBe('cancelled');
  // The engine was told, and stopped queries that were running or queued for this query.
  await expect.poll(() => cancelled.length + dropped.length).toBeGreaterThan(0);
  for (const id of cancelled) expect(queryRequests.get(id)).toContain('no such text 899');

  // The engine is free again: a light query answers.
  await query.setJson(JSON.stringify(light));
  await expect(query.table).toHaveAttribute('data-total', String(lightTotal), { timeout: 60_000 });
  await expect.poll(() => slowOpen.size, { timeout: 30_000 }).toBe(0);
  // Aggregations answer too: the slow ones (many minutes each here) no longer hold the workers.
  // Generous: the two cores are shared with the other specs and their servers.
  await expect(query.histogram).toHaveAttribute('data-state', 'ready', { timeout: 150_000 });
}
