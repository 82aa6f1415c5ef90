import type { EventInput } from '../contract/operations';
import type { EventRecord } from '../contract/records';

/**
 * Events as the engine would store these inputs in the system instance (bookmarks, saved
 * queries), one second apart from 2026-01-01: for tests of what is folded from them.
 */
export function storedEvents(inputs: EventInput[]): EventRecord[] {
  return inputs.map((e, i) => ({
    id: `e${i}`,
    instanceId: '_eventlens',
    stream_id: e.stream_id!,
    event_type: e.event_type!,
    payload: e.payload ?? {},
    metadata: {},
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    sequence_number: i + 1,
  }));
}
