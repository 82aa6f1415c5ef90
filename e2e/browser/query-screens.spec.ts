import type { Query } from '../../src-shared/contract/query';
import { expect, ordersPerCurrency, test } from '../query-fixtures';

test.describe.configure({ timeout: 180_000 });

/** A query with a bit of everything the builder shows. */
const builderQuery: Query = {
  from: { instance: 'shop' },
  where: [
    { field: 'event_type', operator: 'in', value: ['OrderPlaced', 'PaymentAuthorized'] },
    { field: 'payload.amount', operator: 'between', value: [20, 400] },
    {
      or: [
        { field: 'payload.user.country', operator: 'eq', value: 'DE' },
        { not: { field: 'payload.user.tier', operator: 'eq', value: 'free' } },
      ],
    },
  ],
  orderBy: { field: 'payload.amount', direction: 'desc' },
};

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of the query layer (${theme})`, async ({ query, page }, testInfo) => {
    await page.emulateMedia({ colorScheme: theme });
    await query.open();
    const shot = (name: string) => testInfo.outputPath(`${name}-${theme}.png`);

    await query.setJson(JSON.stringify(builderQuery));
    await expect(query.builder.getByTestId('condition')).toHaveCount(4);
    await query.settled();
    await page.screenshot({ path: shot('builder') });
    await query.histogram.screenshot({ path: shot('histogram') });
    const plot = (await query.histogram.getByTestId('histogram-plot').boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.7, plot.y + plot.height / 2);
    await expect(query.histogram.getByTestId('histogram-tooltip')).toBeVisible();
    await page.screenshot({ path: shot('histogram-hover'), clip: { ...plot, height: 300 } });
    await page.mouse.move(0, 0);
    await page.locator('[data-region="facets"]').screenshot({ path: shot('facets') });

    await page.getByTestId('time-range').click();
    await page.screenshot({ path: shot('time-range') });
    await page.keyboard.press('Escape');

    const charts: [string, Query][] = [
      [
        'bar',
        {
          from: { instance: 'shop' },
          reduce: { type: 'count', groupBy: ['event_type'] },
          limit: 12,
        },
      ],
      [
        'pie',
        {
          from: { instance: 'shop' },
          reduce: { type: 'count', groupBy: ['payload.user.tier'] },
        },
      ],
      [
        'line',
        {
          from: { instance: 'shop' },
          where: [
            {
              field: 'event_type',
              operator: 'in',
              value: ['OrderPlaced', 'PaymentFailed', 'RequestFailed'],
            },
          ],
          reduce: {
            type: 'count',
            groupBy: [{ field: 'timestamp', interval: '1d' }, 'event_type'],
          },
          limit: 1000,
        },
      ],
      ['area', ordersPerCurrency('6h', { type: 'sum', field: 'payload.amount' })],
      [
        'table',
        {
          from: { instance: 'shop' },
          reduce: {
            type: 'avg',
            field: 'payload.amount',
            groupBy: ['payload.currency', 'event_type'],
          },
        },
      ],
    ];
    await page.getByTestId('toggle-builder').click(); // more room for the chart
    for (const [kind, q] of charts) {
      await page.getByTestId('toggle-builder').click();
      await query.setJson(JSON.stringify(q));
      await page.getByTestId('toggle-builder').click();
      await page.getByTestId('view-chart').click();
      await query.chart.getByTestId(`chart-kind-${kind}`).click();
      await expect(query.chart.getByTestId('run-status')).toHaveAttribute('data-state', 'done', {
        timeout: 45_000,
      });
      await page.screenshot({ path: shot(`chart-${kind}`) });
    }

    await page.getByTestId('saved-queries').click();
    await page.getByTestId('save-name').fill('Average order value by currency');
    await page.getByTestId('save-submit').click();
    await expect(page.getByTestId('saved-item')).toHaveCount(1);
    await page.screenshot({ path: shot('saved-queries') });
  });
}
