import { test as base, expect } from '@playwright/test';
import { cachedDb, fillShop } from '../src-main/test-support/shop-db';
import { startServeProcess, type ServeProcess } from '../src-main/test-support/serve-process';
import type { Query, Reduce } from '../src-shared/contract/query';
import type { QueryPage } from './pages/query-page';
import { queryPageAt1280, stopAfterUse, useCopyOf } from './support/fixture-steps';

/** The demo shop: 20,000 generated events over 30 days (2026-01), built once and cached. */
export const shopSpec = { instance: 'shop', count: 20_000, seed: 11, streams: 400 } as const;

/** Events of four of the shop's types, counted by type: the bar chart the chart specs draw. */
export const byType: Query = {
  from: { instance: 'shop' },
  where: [
    {
      field: 'event_type',
      operator: 'in',
      value: ['OrderPlaced', 'OrderShipped', 'PaymentFailed', 'CouponApplied'],
    },
  ],
  reduce: { type: 'count', groupBy: ['event_type'] },
};

/**
 * The shop's placed orders over time in `interval` buckets, one series per currency: the time
 * series the line and area chart specs draw. `measure` is the reduce without its grouping.
 */
export const ordersPerCurrency = (interval: string, measure: Omit<Reduce, 'groupBy'>): Query => ({
  from: { instance: 'shop' },
  where: [{ field: 'event_type', operator: 'eq', value: 'OrderPlaced' }],
  reduce: { ...measure, groupBy: [{ field: 'timestamp', interval }, 'payload.currency'] },
  limit: 1000,
});

interface QueryFixtures {
  /** A private copy of the cached shop database. */
  shopDb: string;
  shopServer: ServeProcess;
  query: QueryPage;
}

export const test = base.extend<QueryFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
  shopDb: async ({}, use) => {
    const cached = cachedDb(
      `query-shop-${shopSpec.count}-${shopSpec.seed}-${shopSpec.streams}`,
      (engine) => fillShop(engine, shopSpec),
    );
    await useCopyOf(cached, use);
  },
  shopServer: async ({ shopDb }, use) => stopAfterUse(await startServeProcess(shopDb), use),
  query: async ({ page, shopServer }, use) => use(await queryPageAt1280(page, shopServer)),
});

export { expect };
