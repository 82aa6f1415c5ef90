import type { Query } from '../../src-shared/contract/query';
import type { GroupedAggregation } from '../../src-shared/contract/records';
import { expect, test } from '../query-fixtures';

// Real queries on a shared 2-core machine: give each test room; nothing here waits on time.
test.describe.configure({ timeout: 120_000 });

test.describe('building queries by clicking', () => {
  test.beforeEach(({ query }) => query.open());

  test('several operators, an OR group and a time-bucket aggregation match queryEvents', async ({
    query,
    page,
  }) => {
    const b = query.builder;

    // event_type is one of OrderPlaced, PaymentAuthorized (values picked from its top values)
    await b.getByTestId('add-condition').first().click();
    await query.pickField(query.condition(0).getByTestId('condition-field'), 'event_type');
    await query.condition(0).getByTestId('condition-operator').selectOption('in');
    await query.pickSuggestion(query.condition(0).getByTestId('value-add'), 'OrderPlaced');
    await query.pickSuggestion(query.condition(0).getByTestId('value-add'), 'PaymentAuthorized');

    // payload.amount > 100 (a number: the field's type picks the value type)
    await b.getByTestId('add-condition').first().click();
    await query.pickField(query.condition(1).getByTestId('condition-field'), 'payload.amount');
    await query.condition(1).getByTestId('condition-operator').selectOption('gt');
    await query.condition(1).getByTestId('value').fill('100');
    await query.condition(1).getByTestId('value').press('Enter');

    // (country = DE OR country = FR)
    await b.getByTestId('add-group').first().click();
    const group = b.getByTestId('where-group').first();
    await query.pickField(
      query.condition(0, group).getByTestId('condition-field'),
      'payload.user.country',
    );
    await query.pickSuggestion(query.condition(0, group).getByTestId('value'), 'DE');
    await group.getByTestId('add-condition').click();
    await query.pickField(
      query.condition(1, group).getByTestId('condition-field'),
      'payload.user.country',
    );
    await query.pickSuggestion(query.condition(1, group).getByTestId('value'), 'FR');

    const where: Query['where'] = [
      { field: 'event_type', operator: 'in', value: ['OrderPlaced', 'PaymentAuthorized'] },
      { field: 'payload.amount', operator: 'gt', value: 100 },
      {
        or: [
          { field: 'payload.user.country', operator: 'eq', value: 'DE' },
          { field: 'payload.user.country', operator: 'eq', value: 'FR' },
        ],
      },
    ];
    await expect.poll(() => query.jsonQuery()).toEqual({ from: { instance: 'shop' }, where });
    await expect(b.getByTestId('unfinished')).toHaveCount(0);

    // The events the page shows: the same total as queryEvents answers directly.
    const direct = await query.queryEvents({ from: { instance: 'shop' }, where, limit: 0 });
    expect(direct.total).toBeGreaterThan(0);
    await expect(query.table).toHaveAttribute('data-total', String(direct.total));

    // Count per day, as a chart: the aggregation section, by clicking.
    await b.getByTestId('agg-type').selectOption('count');
    await b.getByTestId('add-group-key').click();
    await page.getByTestId('group-option').filter({ hasText: 'in time buckets' }).click();
    await b.getByTestId('bucket-interval').selectOption('1d');
    const dsl = {
      from: { instance: 'shop' },
      where,
      reduce: { type: 'count', groupBy: [{ field: 'timestamp', interval: '1d' }] },
    } satisfies Query;
    await expect.poll(() => query.jsonQuery()).toEqual(dsl);
    await page.getByTestId('view-chart').click();
    await expect(query.chart.getByTestId('chart')).toHaveAttribute('data-kind', 'line');

    const answer = await query.queryEvents({ ...dsl, limit: 100 });
    const groups = (answer.aggregation as GroupedAggregation).groups;
    expect(groups.length).toBeGreaterThan(10);
    await expect(query.chart.getByTestId('run-status')).toContainText(
      `${groups.length} of ${groups.length} groups · ${answer.total.toLocaleString('en-US')} events`,
    );
    // Each day a point, at the count queryEvents gives.
    const points = query.chart.getByTestId('chart-point');
    await expect(points).toHaveCount(groups.length);
    const drawn = await points.evaluateAll((els) =>
      els.map((e) => [Number(e.getAttribute('data-t')), Number(e.getAttribute('data-value'))]),
    );
    expect(drawn).toEqual(groups.map((g) => [Date.parse(g.key.timestamp as string), g.value]));

    // The same as bars: one bar per day, heights in proportion to the counts.
    await query.chart.getByTestId('chart-kind-bar').click();
    const bars = query.chart.getByTestId('chart-bar');
    await expect(bars).toHaveCount(groups.length);
    const shapes = await bars.evaluateAll((els) =>
      els.map((e) => ({
        value: Number(e.getAttribute('data-value')),
        height: Number(e.getAttribute('height')),
      })),
    );
    expect(shapes.map((s) => s.value)).toEqual(groups.map((g) => g.value));
    const scale = shapes[0]!.height / shapes[0]!.value;
    for (const s of shapes) expect(s.height).toBeCloseTo(s.value * scale, 0);
  });

  test('a percentile by clicking: p99 of a numeric field by type, its values as queryEvents gives them', async ({
    query,
    page,
  }) => {
    const b = query.builder;
    await b.getByTestId('agg-type').selectOption('percentile');
    await b.getByTestId('agg-percentile').selectOption({ label: 'p99' });
    await query.pickField(b.getByTestId('agg-field'), 'payload.amount');
    await b.getByTestId('add-group-key').click();
    await page
      .getByTestId('group-option')
      .filter({ has: page.locator('code', { hasText: /^event_type$/u }) })
      .click();
    const dsl = {
      from: { instance: 'shop' },
      reduce: { type: 'percentile', p: 0.99, field: 'payload.amount', groupBy: ['event_type'] },
    } satisfies Query;
    await expect.poll(() => query.jsonQuery()).toEqual(dsl);

    await page.getByTestId('view-chart').click();
    const answer = await query.queryEvents({ ...dsl, limit: 100 });
    const groups = (answer.aggregation as GroupedAggregation).groups;
    const top = groups[0]!;
    // Groups without amounts (null) come last.
    if (typeof top.value !== 'number') throw new Error(`no p99 first: ${JSON.stringify(top)}`);
    await expect(query.chart.getByTestId('chart')).toHaveAttribute('data-kind', 'bar');
    const bar = query.chart.locator(
      `[data-testid="chart-bar"][data-label="${top.key.event_type as string}"]`,
    );
    await expect(bar).toHaveAttribute('data-value', String(top.value));

    // The table: every group, its p99 and its events, under a header that says what it is.
    await query.chart.getByTestId('chart-kind-table').click();
    await expect(query.chart.getByTestId('chart-table').locator('th').nth(1)).toHaveText(
      'p99 of payload.amount',
    );
    const rows = query.chart.getByTestId('chart-row');
    await expect(rows).toHaveCount(groups.length);
    const shown = (v: unknown) =>
      typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 6 }) : '—';
    expect(
      await rows.evaluateAll((els) =>
        els.map((e) => [...e.querySelectorAll('td')].map((td) => td.textContent)),
      ),
    ).toEqual(
      groups.map((g) => [g.key.event_type, shown(g.value), g.count.toLocaleString('en-US')]),
    );
  });
});
