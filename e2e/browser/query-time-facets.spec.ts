import { intervalMs, type Query } from '../../src-shared/contract/query';
import type { GroupedAggregation } from '../../src-shared/contract/records';
import { expect, test } from '../query-fixtures';
import type { QueryPage } from '../pages/query-page';
import { callApi } from '../support/api';

test.describe.configure({ timeout: 120_000 });

/** The histogram's buckets as drawn: [bucket start, count] for every bucket. */
async function drawnBuckets(query: QueryPage): Promise<[number, number][]> {
  await expect(query.histogram).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
  return query.histogram
    .getByTestId('histogram-data')
    .locator('tr')
    .evaluateAll((rows) =>
      rows.map((r) => [Number(r.getAttribute('data-t')), Number(r.getAttribute('data-total'))]),
    );
}

/** What queryEvents answers for the same buckets (empty buckets are not in its groups). */
async function bucketCounts(query: QueryPage, base: Query, interval: string) {
  const answer = await query.queryEvents({
    ...base,
    reduce: { type: 'count', groupBy: [{ field: 'timestamp', interval }] },
    limit: 10_000,
  });
  const groups = (answer.aggregation as GroupedAggregation).groups;
  return new Map(groups.map((g) => [Date.parse(g.key.timestamp as string), g.count]));
}

function expectSameBuckets(drawn: [number, number][], direct: Map<number, number>) {
  for (const [t, n] of drawn) expect(n, new Date(t).toISOString()).toBe(direct.get(t) ?? 0);
  const drawnTotal = drawn.reduce((s, [, n]) => s + n, 0);
  expect(drawnTotal).toBe([...direct.values()].reduce((s, n) => s + n, 0));
}

test.describe('time range and histogram', () => {
  test('the bars are queryEvents counts; an absolute range and a drag narrow the results', async ({
    query,
    page,
  }) => {
    await query.open('shop', { builder: false });
    const shop: Query = { from: { instance: 'shop' } };
    let interval = (await query.histogram.getAttribute('data-interval'))!;
    let drawn = await drawnBuckets(query);
    // ~50-120 buckets over the data's 30 days.
    expect(drawn.length).toBeGreaterThanOrEqual(50);
    expect(drawn.length).toBeLessThanOrEqual(121);
    expectSameBuckets(drawn, await bucketCounts(query, shop, interval));

    // An absolute range, typed into the picker.
    await page.getByTestId('time-range').click();
    await page.getByTestId('time-from').fill('2026-01-10 00:00');
    await page.getByTestId('time-from').press('Enter');
    await page.getByTestId('time-to').fill('2026-01-12 00:00');
    await page.getByTestId('time-to').press('Enter');
    await page.getByTestId('time-absolute-apply').click();
    await expect(page.getByTestId('time-range-label')).toHaveText(
      '2026-01-10 00:00:00 → 2026-01-12 00:00:00 UTC',
    );
    const from = Date.UTC(2026, 0, 10);
    const to = Date.UTC(2026, 0, 12);
    const ranged: Query = {
      ...shop,
      where: [{ field: 'timestamp', operator: 'between', value: [from, to] }],
    };
    const inRange = await query.queryEvents({ ...ranged, limit: 0 });
    await expect(query.table).toHaveAttribute('data-total', String(inRange.total));
    await expect(query.histogram).not.toHaveAttribute('data-interval', interval);
    interval = (await query.histogram.getAttribute('data-interval'))!;
    drawn = await drawnBuckets(query);
    expect(drawn.length).toBeGreaterThanOrEqual(48);
    expectSameBuckets(drawn, await bucketCounts(query, ranged, interval));

    // Hovering a bar names its bucket and count, the same as the numbers behind the bars.
    const plot = query.histogram.getByTestId('histogram-plot');
    const box = (await plot.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.5, y);
    const tip = query.histogram.getByTestId('histogram-tooltip');
    await expect(tip).toBeVisible();
    const bucket = (await query.tooltipTitle(tip).textContent())!;
    const row = query.histogram.getByTestId('histogram-data').locator('tr', { hasText: bucket });
    await expect(row).toHaveCount(1);
    const count = Number(await row.getAttribute('data-total'));
    await expect(query.tooltipRows(tip).first()).toHaveText(
      `events${count.toLocaleString('en-US')}`,
    );

    // Drag across the middle of the histogram: the range becomes those whole buckets.
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('time-range-label')).not.toHaveText(
      '2026-01-10 00:00:00 → 2026-01-12 00:00:00 UTC',
    );
    const where = (await query.jsonQueryOf()).where!;
    const between = where.at(-1) as unknown as { field: string; value: [number, number] };
    expect(between.field).toBe('timestamp');
    const [a, b] = between.value;
    const ms = intervalMs(interval)!;
    expect(a % ms).toBe(0);
    expect((b + 1) % ms).toBe(0);
    expect(a).toBeGreaterThan(from);
    expect(b).toBeLessThan(to);
    const dragged = await query.queryEvents({ ...shop, where: [between as never], limit: 0 });
    await expect(query.table).toHaveAttribute('data-total', String(dragged.total));
  });

  test('a relative range follows new events as they arrive', async ({ query, page }) => {
    await query.open('shop', { builder: false });
    // The most bars the histogram ever drew: the old answer (30 days) must never be cut into
    // the new range's 10 s buckets, even for one frame (that drew 10,000 bars and held the
    // window for seconds).
    await page.evaluate(() => {
      const w = window as unknown as { mostBars: number };
      w.mostBars = 0;
      const count = () => document.querySelectorAll('[data-testid="histogram-data"] tr').length;
      new MutationObserver(() => (w.mostBars = Math.max(w.mostBars, count()))).observe(
        document.body,
        { childList: true, subtree: true },
      );
    });
    await page.getByTestId('time-range').click();
    // The shop's data ended long ago, so the picker offers ranges ending at its last event:
    // this test is about ranges that end now.
    await page.getByTestId('time-end-now').click();
    await page.getByTestId('time-preset-15m').click();
    await expect(page.getByTestId('time-range-label')).toHaveText('Last 15 minutes');
    // The demo data is from January 2026: nothing in the last 15 minutes yet.
    await expect(query.table).toHaveAttribute('data-total', '0');
    await callApi(query.server, 'appendEvents', {
      instanceId: 'shop',
      events: [1, 2, 3].map((i) => ({ stream_id: 'live', event_type: 'Ping', payload: { i } })),
    });
    await expect(query.table).toHaveAttribute('data-total', '3');
    await expect
      .poll(async () => (await drawnBuckets(query)).reduce((s, [, n]) => s + n, 0))
      .toBe(3);
    expect(
      await page.evaluate(() => (window as unknown as { mostBars: number }).mostBars),
    ).toBeLessThanOrEqual(121);
  });
});

test.describe('facets', () => {
  test('exact top values under the current query; a click filters in, − filters out', async ({
    query,
  }) => {
    await query.open('shop', { builder: false });
    const facet = (field: string) =>
      query.facets.locator(`[data-testid="facet"][data-field="${field}"]`);
    const values = (field: string) =>
      facet(field)
        .getByTestId('facet-value')
        .evaluateAll((els) =>
          els.map((e) => [
            JSON.parse(e.getAttribute('data-value')!) as unknown,
            Number(e.getAttribute('data-count')),
          ]),
        );
    const top = async (where: Query['where'], field: string) => {
      const answer = await query.queryEvents({
        from: { instance: 'shop' },
        ...(where && where.length > 0 ? { where } : {}),
        reduce: { type: 'count', groupBy: [field] },
        limit: 10,
      });
      return (answer.aggregation as GroupedAggregation).groups.map((g) => [g.key[field], g.count]);
    };
    await expect(facet('event_type')).toHaveAttribute('data-state', 'ready');
    expect(await values('event_type')).toEqual(await top([], 'event_type'));
    // 400 streams in 20,000 events is not a default facet (facet-ranking.ts): add it.
    await query.pickField(query.facets.getByTestId('add-facet'), 'stream_id');
    await expect(facet('stream_id')).toHaveAttribute('data-state', 'ready');

    // In: OrderPlaced; then also PaymentAuthorized (one "in" list).
    await facet('event_type')
      .locator('[data-value="\\"OrderPlaced\\""]')
      .getByTestId('facet-in')
      .click();
    let where: Query['where'] = [{ field: 'event_type', operator: 'eq', value: 'OrderPlaced' }];
    await expect.poll(async () => (await query.jsonQueryOf()).where).toEqual(where);
    await expect(query.table).toHaveAttribute(
      'data-total',
      String((await query.queryEvents({ from: { instance: 'shop' }, where, limit: 0 })).total),
    );
    await facet('event_type')
      .locator('[data-value="\\"PaymentAuthorized\\""]')
      .getByTestId('facet-in')
      .click();
    where = [{ field: 'event_type', operator: 'in', value: ['OrderPlaced', 'PaymentAuthorized'] }];
    await expect.poll(async () => (await query.jsonQueryOf()).where).toEqual(where);
    // The other facets count under the new filter.
    await expect.poll(() => values('stream_id')).toEqual(await top(where, 'stream_id'));

    // Out: the busiest stream.
    const [busiest] = (await top(where, 'stream_id'))[0] as [string, number];
    await facet('stream_id')
      .locator(`[data-value='${JSON.stringify(busiest)}']`)
      .hover();
    await facet('stream_id')
      .locator(`[data-value='${JSON.stringify(busiest)}']`)
      .getByTestId('facet-out')
      .click();
    where = [...where, { field: 'stream_id', operator: 'neq', value: busiest }];
    await expect.poll(async () => (await query.jsonQueryOf()).where).toEqual(where);
    await expect(
      facet('stream_id').locator(`[data-value='${JSON.stringify(busiest)}']`),
    ).toHaveAttribute('data-state', 'out');
    await expect(query.table).toHaveAttribute(
      'data-total',
      String((await query.queryEvents({ from: { instance: 'shop' }, where, limit: 0 })).total),
    );

    // Any field can be a facet, even one never chosen by default (an id).
    await query.pickField(query.facets.getByTestId('add-facet'), 'payload.user.id');
    await expect(facet('payload.user.id')).toHaveAttribute('data-state', 'ready');
    await expect.poll(() => values('payload.user.id')).toEqual(await top(where, 'payload.user.id'));
  });
});
