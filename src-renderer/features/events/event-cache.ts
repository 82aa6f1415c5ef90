import type { EventRecord } from '../../../src-shared/contract/records';

/**
 * Whole events of the pages loaded lately, so the detail pane opens without a round trip. The
 * table itself keeps only compact rows (a summary line per event): 100,000 loaded rows must not
 * mean 100,000 parsed payloads in memory. Older events are fetched again by id when opened.
 */
const capacity = 5_000;
const cache = new Map<string, EventRecord>();

export function rememberEvents(events: readonly EventRecord[]): void {
  for (const e of events) {
    cache.delete(e.id);
    cache.set(e.id, e);
  }
  while (cache.size > capacity) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
}

export function cachedEvent(id: string): EventRecord | undefined {
  return cache.get(id);
}
