import type { Page, Route } from '@playwright/test';
import type { Query } from '../../src-shared/contract/query';
import { expect, test } from '../query-fixtures';

// Real queries on a shared 2-core machine: give each test room; nothing here waits on time.
test.describe.configure({ timeout: 120_000 });

/** The request's query, for calls of queryEvents. */
function queryOf(route: Route): Query | null {
  if (!route.request().url().endsWith('/api/queryEvents')) return null;
  const body = JSON.parse(route.request().postData() ?? '{}') as { params?: { query?: Query } };
  return body.params?.query ?? null;
}

/**
 * Conditions only SQLite answers (`ieq` is a search operator, which the columnar mirror leaves
 * to the text index): a payload `eq` is answered by the mirror once it has caught up, which
 * counts its matches in milliseconds and gives the total with the page, so no count follows.
 */
const scannedShop = (field: string, value: string): Query => ({
  from: { instance: 'shop' },
  where: [{ field, operator: 'ieq', value }],
});

/** The table's request for the total alone: no rows, no aggregation. */
const isCount = (q: Query | null) => q !== null && q.limit === 0 && q.reduce === undefined;

/**
 * Holds the table's count requests until the test lets them go (`held.shift()!.continue()`), so
 * that the state between the rows and their total can be seen. Other calls of queryEvents go
 * on, their queries shown to `seen`.
 */
async function holdCounts(page: Page, seen?: (q: Query) => void): Promise<Route[]> {
  const held: Route[] = [];
  await page.route('**/api/queryEvents', async (route) => {
    const q = queryOf(route);
    if (isCount(q)) {
      held.push(route);
      return;
    }
    if (q) seen?.(q);
    await route.continue();
  });
  return held;
}

test.describe('the total follows the rows', () => {
  test('a filter whose total needs a scan: rows at once, "counting…", then the exact total', async ({
    query,
    page,
  }) => {
    await query.open('shop');
    // The state between the rows and their total is short on 20,000 events: hold the count.
    const pages: Query[] = [];
    const held = await holdCounts(page, (q) => q.reduce === undefined && pages.push(q));

    const filter = scannedShop('payload.user.tier', 'PRO');
    await query.setJson(JSON.stringify(filter));
    const showing = page.getByTestId('showing');
    // The rows are there while the count is still out.
    await expect.poll(() => held.length).toBe(1);
    await expect(query.table).toHaveAttribute('data-status', 'ready');
    expect(Number(await query.table.getAttribute('data-rows'))).toBeGreaterThan(0);
    await expect(query.table).toHaveAttribute('data-total', '');
    await expect(showing).toHaveAttribute('data-count', 'counting');
    // (More pages may follow meanwhile, while the table is scrolled or filled.)
    await expect(showing).toContainText(/Showing ([\d,]+) of \1\+ events · counting…/u);
    // The page asked for no total; the count asks for nothing but the total.
    expect(pages[0]).toMatchObject({ where: filter.where, total: false, limit: 200 });
    for (const p of pages) expect(p.total).toBe(false);
    expect(queryOf(held[0]!)).toMatchObject({ where: filter.where, limit: 0 });
    expect(queryOf(held[0]!)?.total).toBeUndefined();

    const direct = await query.queryEvents({ ...filter, limit: 0 });
    expect(direct.total).toBeGreaterThan(200);
    await held.shift()!.continue();
    await expect(query.table).toHaveAttribute('data-total', String(direct.total));
    await expect(showing).toContainText(
      new RegExp(`Showing [\\d,]+ of ${direct.total.toLocaleString('en-US')} events`, 'u'),
    );
    await expect(showing).toHaveAttribute('data-count', 'known');
  });

  test('a count cancelled in the query bar leaves the rows, and Count counts again', async ({
    query,
    page,
  }) => {
    await query.open('shop');
    const held = await holdCounts(page);
    const filter = scannedShop('payload.user.country', 'de');
    await query.setJson(JSON.stringify(filter));
    await expect.poll(() => held.length).toBe(1);
    const showing = page.getByTestId('showing');
    await expect(showing).toHaveAttribute('data-count', 'counting');
    await page.getByTestId('cancel-query').click();
    await expect(showing).toHaveAttribute('data-count', 'stopped');
    await expect(showing).toContainText('not counted');
    await expect(query.table).toHaveAttribute('data-status', 'ready');
    await held
      .shift()!
      .continue()
      .catch(() => undefined); // its caller has gone

    await page.unroute('**/api/queryEvents');
    await showing.getByTestId('recount').click();
    const direct = await query.queryEvents({ ...filter, limit: 0 });
    await expect(query.table).toHaveAttribute('data-total', String(direct.total));
    await expect(showing).toHaveAttribute('data-count', 'known');
  });

  test('appends faster than a slow count answers: the count is let finish, and shown', async ({
    query,
    page,
  }) => {
    await query.open('shop');
    // Counts take 2.5 s (a big instance); a live import's reloads come every 750 ms. Aborting
    // the count on each reload left "counting…" on screen for as long as the appends went on.
    await page.route('**/api/queryEvents', async (route) => {
      if (isCount(queryOf(route))) await new Promise((r) => setTimeout(r, 2_500));
      await route.continue().catch(() => {}); // aborted by the page meanwhile
    });
    const filter = scannedShop('payload.user.tier', 'PRO');
    await query.setJson(JSON.stringify(filter));
    await expect(query.table).toHaveAttribute('data-status', 'ready');
    const { origin, token } = query.server;
    const append = async (i: number) => {
      const res = await fetch(`${origin}/api/appendEvent`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          params: {
            instanceId: 'shop',
            streamId: `live-${i}`,
            eventType: 'Live',
            payload: { user: { tier: 'PRO' } },
          },
        }),
      });
      expect(res.ok).toBe(true);
    };
    // An append every 300 ms or so for up to 20 s; a total shows while they go on.
    let total = '';
    const until = Date.now() + 20_000;
    for (let i = 0; Date.now() < until && total === ''; i++) {
      await append(i);
      await page.waitForTimeout(300);
      total = (await query.table.getAttribute('data-total')) ?? '';
    }
    expect(Number(total)).toBeGreaterThan(200);
    await page.unroute('**/api/queryEvents');
    // Once the appends stop, the last count is exact.
    const direct = await query.queryEvents({ ...filter, limit: 0 });
    await expect(query.table).toHaveAttribute('data-total', String(direct.total));
    await expect(page.getByTestId('showing')).toHaveAttribute('data-count', 'known');
  });

  test('a total the kept counts hold comes with the rows: no count request', async ({
    query,
    page,
  }) => {
    await query.open('shop');
    const counts: Query[] = [];
    page.on('request', (r) => {
      if (!r.url().endsWith('/api/queryEvents')) return;
      const q = (r.postDataJSON() as { params: { query: Query } }).params.query;
      if (isCount(q)) counts.push(q);
    });
    const byType: Query = {
      from: { instance: 'shop' },
      where: [{ field: 'event_type', operator: 'in', value: ['PageViewed', 'OrderPlaced'] }],
    };
    await query.setJson(JSON.stringify(byType));
    const direct = await query.queryEvents({ ...byType, limit: 0 });
    await expect(query.table).toHaveAttribute('data-total', String(direct.total));
    expect(counts).toEqual([]);
  });
});
