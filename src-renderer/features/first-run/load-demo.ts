import { generateShopEvents } from '../../../src-shared/demo/shop-events';
import type { EventLogClient } from '../../client/event-log-client';
import { OperationError } from '../../client/query-cache';

export const demoInstanceName = 'demo-shop';
export const demoEventCount = 5_000;
const batchSize = 500;

/**
 * Loads the demo: the engine benchmark's deterministic shop generator (orders, payments, logins,
 * page views over 200 streams), spread over the last seven days, appended in batches so the
 * first-run screen can show progress. Returns the new instance's id.
 */
export async function loadDemo(
  client: EventLogClient,
  onProgress: (done: number, total: number) => void,
  name = demoInstanceName,
): Promise<string> {
  const created = await client.createInstance({
    name,
    description: 'Demo data: a small online shop (generated)',
  });
  if (!created.success) throw new OperationError(created);
  const id = created.data.instance.id;
  const span = 7 * 86_400_000;
  const events = [
    ...generateShopEvents({
      count: demoEventCount,
      seed: 7,
      streams: 200,
      startMs: Date.now() - span,
      spanMs: span,
    }),
  ];
  for (let i = 0; i < events.length; i += batchSize) {
    const batch = await client.appendEvents({
      instanceId: id,
      events: events.slice(i, i + batchSize),
    });
    if (!batch.success) throw new OperationError(batch);
    onProgress(Math.min(events.length, i + batchSize), events.length);
  }
  return id;
}
