import { cachedDb, fillManyStreams } from '../../src-main/test-support/shop-db';
import { startServeProcess } from '../../src-main/test-support/serve-process';
import { expect, test } from '../fixtures';
import { AppPage } from '../pages/app-page';
import { cliData } from '../support/cli';
import { seedShop } from '../support/seed';

test.describe('stream tree', () => {
  test('streams with counts, sorted and filtered by name', async ({ app, page, dbFile }) => {
    seedShop(dbFile, { count: 1_500, streams: 50 });
    await app.open();
    await app.selectInstance('shop');
    const cli = await cliData<{
      streams: { streamId: string; eventCount: number }[];
      total: number;
    }>('listStreams', { instanceId: 'shop', orderBy: 'count' }, dbFile);
    await expect(page.getByTestId('stream-total')).toHaveAttribute('data-total', String(cli.total));
    await page.getByTestId('stream-sort-count').click();
    const busiest = cli.streams[0]!;
    await expect(app.streams.first()).toHaveAttribute('data-stream', busiest.streamId);
    await expect(app.streams.first()).toHaveAttribute('data-count', String(busiest.eventCount));
    await page.getByTestId('stream-sort-name').click();
    const names = await app.streams.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-stream')),
    );
    // The engine's natural order (order-2 before order-10), as the CLI lists it.
    const byName = await cliData<{ streams: { streamId: string }[] }>(
      'listStreams',
      { instanceId: 'shop', limit: names.length },
      dbFile,
    );
    expect(names).toEqual(byName.streams.map((s) => s.streamId));

    await page.getByTestId('stream-filter').fill('PRODUCT');
    await expect(app.streams.first()).toHaveAttribute('data-stream', /^product-/u);
    const matching = cli.streams.filter((s) => s.streamId.includes('product')).length;
    await expect(page.getByTestId('stream-total')).toHaveAttribute('data-total', String(matching));
    await page.getByTestId('stream-filter').fill('nothing-like-this');
    await expect(page.getByTestId('no-streams')).toBeVisible();
  });

  test('stays smooth with 100,000 streams: exact total, bounded DOM, any page reachable', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const file = cachedDb('streams-100000', (e) => fillManyStreams(e, 'many', 100_000));
    const server = await startServeProcess(file);
    try {
      const app = new AppPage(page, server);
      await app.open();
      await app.selectInstance('many');
      await expect(page.getByTestId('stream-total')).toHaveAttribute('data-total', '100000');
      await expect(app.streams.first()).toHaveAttribute('data-stream', 'stream-000001');
      const scroller = page.getByTestId('stream-scroll');
      await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
      await expect(app.stream('stream-100000')).toBeVisible();
      await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
      await expect(app.stream('stream-050000')).toBeAttached();
      expect(await app.streams.count()).toBeLessThan(120);
      await page.getByTestId('stream-filter').fill('99999');
      await expect(page.getByTestId('stream-total')).toHaveAttribute('data-total', '1');
      await expect(app.streams).toHaveCount(1);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
