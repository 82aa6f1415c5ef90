import type { GroupedAggregation } from '../../src-shared/contract/records';
import { byType, expect, ordersPerCurrency, test } from '../query-fixtures';

test.describe.configure({ timeout: 120_000 });

test.describe('charts of aggregations', () => {
  test.beforeEach(({ query }) => query.open());

  test('bars, pie and table show the groups queryEvents gives; a bar opens its events, and back', async ({
    query,
    page,
  }) => {
    await query.setJson(JSON.stringify(byType));
    await page.getByTestId('view-chart').click();
    const answer = await query.queryEvents({ ...byType, limit: 100 });
    const groups = (answer.aggregation as GroupedAggregation).groups;
    const expected = groups.map((g) => [g.key.event_type, g.value]);

    const chart = query.chart.getByTestId('chart');
    await expect(chart).toHaveAttribute('data-kind', 'bar');
    const bars = query.chart.getByTestId('chart-bar');
    await expect(bars).toHaveCount(groups.length);
    expect(
      await bars.evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-label'), Number(e.getAttribute('data-value'))]),
      ),
    ).toEqual(expected);
    // Horizontal bars: widths in proportion to the counts.
    const widths = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('width'))));
    const scale = widths[0]! / (expected[0]![1] as number);
    widths.forEach((w, i) => expect(w).toBeCloseTo((expected[i]![1] as number) * scale, 0));

    await query.chart.getByTestId('chart-kind-pie').click();
    await expect(chart).toHaveAttribute('data-kind', 'pie');
    await expect(query.chart.locator('.recharts-pie-sector')).toHaveCount(groups.length);

    await query.chart.getByTestId('chart-kind-table').click();
    const rows = query.chart.getByTestId('chart-row');
    await expect(rows).toHaveCount(groups.length);
    expect(
      await rows.evaluateAll((els) =>
        els.map((e) => [...e.querySelectorAll('td')].map((td) => td.textContent)),
      ),
    ).toEqual(groups.map((g) => [g.key.event_type, (g.value as number).toLocaleString('en-US')]));

    // A click on a bar opens the events of that group.
    await query.chart.getByTestId('chart-kind-bar').click();
    const second = groups[1]!;
    await query.chart
      .locator(`[data-testid="chart-bar"][data-label="${second.key.event_type as string}"]`)
      .click();
    await expect(page.getByTestId('view-results')).toHaveAttribute('aria-selected', 'true');
    await expect(query.table).toHaveAttribute('data-total', String(second.count));
    expect((await query.jsonQuery()).where).toEqual([
      ...byType.where!,
      { field: 'event_type', operator: 'eq', value: second.key.event_type },
    ]);
    await page.getByTestId('drill-back').click();
    await expect(query.chart.getByTestId('chart')).toHaveAttribute('data-kind', 'bar');
    await expect.poll(() => query.jsonQuery()).toEqual(byType);
  });

  test('a time series as lines and areas; a point opens the events of its bucket and series', async ({
    query,
    page,
  }) => {
    const perDay = ordersPerCurrency('1d', { type: 'avg', field: 'payload.amount' });
    await query.setJson(JSON.stringify(perDay));
    await page.getByTestId('view-chart').click();
    const answer = await query.queryEvents(perDay);
    const groups = (answer.aggregation as GroupedAggregation).groups;
    const chart = query.chart.getByTestId('chart');
    await expect(chart).toHaveAttribute('data-kind', 'line');
    const points = query.chart.getByTestId('chart-point');
    await expect(points).toHaveCount(groups.length);
    const drawn = await points.evaluateAll((els) =>
      els.map(
        (e) =>
          `${e.getAttribute('data-series')} ${e.getAttribute('data-t')} ${e.getAttribute('data-value')}`,
      ),
    );
    expect(drawn.sort()).toEqual(
      groups
        .map(
          (g) =>
            `${g.key['payload.currency'] as string} ${Date.parse(g.key.timestamp as string)} ${g.value as number}`,
        )
        .sort(),
    );
    await query.chart.getByTestId('chart-kind-area').click();
    await expect(chart).toHaveAttribute('data-kind', 'area');
    await expect(query.chart.locator('.recharts-area')).toHaveCount(
      new Set(groups.map((g) => g.key['payload.currency'])).size,
    );

    // Open the events behind one point: its day becomes the time range, its currency a condition.
    await query.chart.getByTestId('chart-kind-line').click();
    const g = groups[3]!;
    const t = Date.parse(g.key.timestamp as string);
    await query.chart
      .locator(
        `[data-testid="chart-point"][data-series="${g.key['payload.currency'] as string}"][data-t="${t}"]`,
      )
      .dispatchEvent('click');
    await expect(query.table).toHaveAttribute('data-total', String(g.count));
    const where = (await query.jsonQuery()).where!;
    expect(where.slice(0, 2)).toEqual([
      ...perDay.where!,
      { field: 'payload.currency', operator: 'eq', value: g.key['payload.currency'] },
    ]);
    expect(where[2]).toEqual({
      field: 'timestamp',
      operator: 'between',
      value: [t, t + 86_400_000 - 1],
    });
  });

  test('"Count over time" cuts the span into buckets one answer holds: the whole series', async ({
    query,
    page,
  }) => {
    // The shop's 20,000 events over 30 days: by the hour that was 720 groups, 100 drawn.
    await query.open('shop', { builder: false });
    await page.getByTestId('view-chart').click();
    await page.getByTestId('quick-count-over-time').click();
    const chart = query.chart.getByTestId('chart');
    await expect(chart).toHaveAttribute('data-kind', 'line');
    const timeKey = (await query.jsonQueryOf()).reduce?.groupBy?.[0];
    if (typeof timeKey !== 'object') throw new Error('no time bucket in the query');
    const interval = timeKey.interval;
    expect(interval).not.toBe('1h');
    const answer = await query.queryEvents({
      from: { instance: 'shop' },
      reduce: { type: 'count', groupBy: [{ field: 'timestamp', interval }] },
      limit: 100,
    });
    const grouped = answer.aggregation as GroupedAggregation;
    expect(grouped.groupCount).toBe(grouped.groups.length);
    expect(grouped.groups.reduce((n, g) => n + (g.value as number), 0)).toBe(20_000);
    await expect(page.getByTestId('groups-truncated')).toHaveCount(0);
  });
});

test('the empty chart says how to make one, and its link opens the query builder', async ({
  query,
  page,
}) => {
  // A newcomer read "Pick one in the builder" and did not know where the builder was.
  await query.open('shop', { builder: false });
  await page.getByTestId('view-chart').click();
  await expect(page.getByTestId('chart-empty')).toBeVisible();
  const toggle = page.getByTestId('toggle-builder');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await page.getByTestId('chart-open-builder').click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
});
