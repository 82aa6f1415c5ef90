import type { Query } from '../../src-shared/contract/query';
import { expect, test } from '../query-fixtures';

test.describe.configure({ timeout: 120_000 });

const day = (d: number) => Date.UTC(2026, 0, d);

/** Every condition form the DSL has: all operators, nested AND/OR/NOT, quoted and indexed paths. */
const eventsQuery: Query = {
  from: { instance: 'shop', stream: 'order-1003' },
  where: [
    {
      field: 'event_type',
      operator: 'in',
      value: ['OrderPlaced', 'OrderShipped', 'PaymentAuthorized'],
    },
    { field: 'event_type', operator: 'nin', value: ['RefundIssued'] },
    { field: 'payload.amount', operator: 'gte', value: 10 },
    { field: 'payload.amount', operator: 'lte', value: 400.5 },
    { field: 'payload.amount', operator: 'between', value: [1, 500] },
    { field: 'payload.status', operator: 'neq', value: 'cancelled' },
    { field: 'payload.message', operator: 'contains', value: 'order' },
    { field: 'payload.orderId', operator: 'startsWith', value: 'o-' },
    { field: 'payload.user', operator: 'exists', value: true },
    {
      or: [
        { field: 'payload.user.country', operator: 'eq', value: 'DE' },
        {
          and: [
            { field: 'payload.amount', operator: 'gt', value: 100 },
            { field: 'payload.amount', operator: 'lt', value: 300 },
          ],
        },
        { not: { field: 'payload.currency', operator: 'eq', value: 'EUR' } },
      ],
    },
    { not: { or: [{ field: 'payload.items[0].qty', operator: 'eq', value: 99 }] } },
    { field: 'payload["user"].tier', operator: 'eq', value: null },
    { field: 'timestamp', operator: 'between', value: [day(2), day(25)] },
  ],
  select: ['event_type', 'payload.amount', 'payload.user.country'],
  orderBy: { field: 'payload.amount', direction: 'desc' },
  limit: 25,
};

/** An aggregation with every reduce feature: distinct count by a time bucket and a field. */
const aggregationQuery: Query = {
  from: { instance: 'shop' },
  where: [{ field: 'event_type', operator: 'eq', value: 'OrderPlaced' }],
  reduce: {
    type: 'count',
    field: 'payload.user.id',
    distinct: true,
    groupBy: [{ field: 'timestamp', interval: '1d' }, 'payload.user.country'],
  },
  limit: 500,
};

test.describe('the DSL as JSON beside the builder', () => {
  test.beforeEach(({ query }) => query.open());

  test('every DSL feature goes JSON -> builder -> JSON unchanged, and builder edits show in the JSON', async ({
    query,
    page,
  }) => {
    const b = query.builder;

    await query.setJson(JSON.stringify(eventsQuery, null, 2));
    // The builder shows every part: 15 rows (the time range became the time picker), 3 groups,
    // 2 NOTs, each operator in order.
    await expect(b.getByTestId('condition')).toHaveCount(15);
    const values = (testId: string) =>
      b.getByTestId(testId).evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
    expect(await values('condition-operator')).toEqual([
      'in',
      'nin',
      'gte',
      'lte',
      'between',
      'neq',
      'contains',
      'startsWith',
      'exists',
      'eq',
      'gt',
      'lt',
      'eq',
      'eq',
      'eq',
    ]);
    expect(await values('group-op')).toEqual(['or', 'and', 'or']);
    await expect(query.notBadges(b)).toHaveCount(2);
    await expect(b.getByTestId('select-field').locator('code')).toHaveText(eventsQuery.select!);
    await expect(b.getByTestId('order-field')).toHaveText('payload.amount');
    await expect(b.getByTestId('order-direction')).toHaveValue('desc');
    await expect(b.getByTestId('limit')).toHaveValue('25');
    await expect(page.getByTestId('stream-picker')).toHaveText('order-1003');
    await expect(page.getByTestId('time-range-label')).toHaveText(
      '2026-01-02 00:00:00 → 2026-01-25 00:00:00 UTC',
    );
    // ... and the JSON, written back from those parts, is the same query.
    await expect.poll(() => query.jsonQuery()).toEqual(eventsQuery);

    // A builder edit shows in the JSON at once.
    await query.condition(0).getByTestId('condition-operator').selectOption('nin');
    await expect
      .poll(async () => (await query.jsonQuery()).where?.[0])
      .toEqual({
        field: 'event_type',
        operator: 'nin',
        value: ['OrderPlaced', 'OrderShipped', 'PaymentAuthorized'],
      });

    // Aggregations: type, field, distinct, a time bucket and a field to group by, limit.
    await query.setJson(JSON.stringify(aggregationQuery, null, 2));
    await expect(b.getByTestId('agg-type')).toHaveValue('count');
    await expect(b.getByTestId('agg-field')).toHaveText('payload.user.id');
    await expect(b.getByTestId('agg-distinct')).toBeChecked();
    await expect(b.getByTestId('group-key')).toHaveCount(2);
    await expect(b.getByTestId('bucket-interval')).toHaveValue('1d');
    await expect(page.getByTestId('time-range-label')).toHaveText('All time');
    await expect.poll(() => query.jsonQuery()).toEqual(aggregationQuery);
  });

  test('invalid text is marked where it is wrong and changes nothing; what the builder cannot apply is said', async ({
    query,
  }) => {
    await query.setJson(
      JSON.stringify({
        from: { instance: 'shop' },
        where: [{ field: 'event_type', operator: 'eq', value: 'OrderPlaced' }],
      }),
    );
    await expect(query.condition(0).getByTestId('condition-operator')).toHaveValue('eq');
    const applied = await query.tableTotal();

    const bad = JSON.stringify(
      {
        from: { instance: 'shop' },
        where: [{ field: 'event_type', operator: 'like', value: 'x' }],
      },
      null,
      2,
    );
    await query.setJson(bad);
    const status = query.json.getByTestId('query-json-status');
    await expect(status).toHaveAttribute('data-state', 'invalid');
    await expect(status).toContainText('where[0].operator: unknown operator "like"');
    // The mark sits on the offending value.
    await expect(query.json.locator('.cm-lintRange-error')).toHaveText('"like"');
    // Nothing changed: the builder and the results still show the last valid query.
    await expect(query.condition(0).getByTestId('condition-operator')).toHaveValue('eq');
    expect(await query.tableTotal()).toBe(applied);

    // A syntax error: marked with its line and column.
    await query.setJson('{ "from": { "instance": "shop" }, }');
    await expect(status).toContainText('line 1, column 35: expected a key in quotes');

    // Paging is the views' business: said, not silently dropped.
    await query.setJson('{ "from": { "instance": "shop" }, "offset": 20 }');
    await expect(status).toContainText('offset 20 is not applied');

    // Text typed and not applied yet says so, until a pause in typing applies it.
    const states = await status.evaluateHandle((el) => {
      const seen: string[] = [];
      new MutationObserver(() => seen.push(el.getAttribute('data-state') ?? '')).observe(el, {
        attributes: true,
        attributeFilter: ['data-state'],
      });
      return seen;
    });
    await query.json.locator('.cm-content').click();
    await query.page.keyboard.press('ControlOrMeta+End');
    await query.page.keyboard.type(' ');
    await expect.poll(() => states.evaluate((seen) => [...seen])).toContain('editing');
    await expect(status).toHaveAttribute('data-state', 'in-sync');
  });
});
