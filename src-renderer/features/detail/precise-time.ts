import { parseIsoInstant } from '../../../src-shared/contract/instants';
import type { EventRecord } from '../../../src-shared/contract/records';

/**
 * The event's time with the digits below the millisecond that its source had, or null.
 *
 * An event's `timestamp` is kept in milliseconds (the contract's instants; the engine stores
 * epoch ms). An import keeps the source's own time field as it was — Zeek's `ts`
 * (`2018-03-24T17:15:24.699488Z`) in metadata — so the microseconds are still in the event:
 * the first top-level metadata or payload string that is the same instant to the millisecond
 * and has more fractional digits gives them ("488").
 */
export function subMillisecondDigits(event: EventRecord): string | null {
  const ms = Date.parse(event.timestamp);
  for (const source of [event.metadata, event.payload]) {
    for (const value of Object.values(source ?? {})) {
      if (typeof value !== 'string') continue;
      const m = /[T ]\d{2}:\d{2}:\d{2}[.,]\d{3}(\d{1,6})\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?)?$/u.exec(
        value,
      );
      if (m && parseIsoInstant(value) === ms) return m[1]!;
    }
  }
  return null;
}
