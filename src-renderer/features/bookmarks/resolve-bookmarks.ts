import {
  bookmarkKey,
  bookmarkSetEvent,
  type Bookmark,
  type BookmarkFileEntry,
} from '../../../src-shared/contract/bookmarks';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { EventRecord, Instance } from '../../../src-shared/contract/records';

/** A file's bookmarks matched with this database's events, ready to append. */
export interface ResolvedBookmarks {
  events: EventInput[];
  added: number;
  replaced: number;
  /** One sentence per bookmark whose event is not here (left out of the import). */
  missing: string[];
}

/** The event at a stream's sequence number, or null. */
export type FindEvent = (
  instanceId: string,
  stream: string,
  sequence: number,
) => Promise<EventRecord | null>;

/**
 * Finds each exported bookmark's event here: the instance by name, the event by stream and
 * sequence number (generated ids differ between databases), and its time and type must be the
 * exported ones, so a bookmark never lands on another event that happens to have that number.
 * A bookmark whose event is not here is left out and named; the others are added, or replace
 * the bookmark already on that event.
 */
export async function resolveBookmarks(
  entries: readonly BookmarkFileEntry[],
  instances: readonly Instance[],
  existing: ReadonlyMap<string, Bookmark>,
  find: FindEvent,
): Promise<ResolvedBookmarks> {
  const out: ResolvedBookmarks = { events: [], added: 0, replaced: 0, missing: [] };
  for (const entry of entries) {
    const where = `${entry.instance} ${entry.stream} #${entry.sequence}`;
    const instance = instances.find((i) => i.name === entry.instance);
    if (!instance) {
      out.missing.push(`${where}: there is no instance "${entry.instance}" here`);
      continue;
    }
    const event = await find(instance.id, entry.stream, entry.sequence);
    if (!event) {
      out.missing.push(`${where}: no such event here`);
      continue;
    }
    if (
      Date.parse(event.timestamp) !== Date.parse(entry.timestamp) ||
      event.event_type !== entry.eventType
    ) {
      out.missing.push(`${where}: another event here (its time or type differ)`);
      continue;
    }
    const ref = { instanceId: instance.id, eventId: event.id };
    if (existing.has(bookmarkKey(ref))) out.replaced++;
    else out.added++;
    out.events.push(bookmarkSetEvent({ ...entry, ...ref, instance: instance.name }));
  }
  return out;
}
