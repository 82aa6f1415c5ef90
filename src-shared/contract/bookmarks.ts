import { z } from 'zod';
import { parseInstant } from './instants';
import { describeIssues } from './issues';
import type { EventInput } from './operations';
import type { EventRecord } from './records';

/**
 * Bookmarks: any event marked with a note and a colour. Like saved queries they are events of
 * the app's own instance (`_eventlens`, system-instance.ts), stream `bookmarks`, so they are kept,
 * exported and audited like any other data, and every window and the CLI see the same marks:
 *
 *   BookmarkSet      { instanceId, instance, eventId, stream, sequence, timestamp, eventType,
 *                      note, colour }   adds a bookmark, or replaces the one on the same event
 *   BookmarkRemoved  { instanceId, eventId }
 *
 * A bookmark is identified by its event (instance id + event id): one per event. The current
 * marks are the fold of the stream in append order (foldBookmarks). The event's stream, sequence
 * number, time and type ride along, so the marks can be drawn (histogram, stream list) and
 * listed without fetching every event, and so an exported bookmark can find its event again in
 * another database (by instance name, stream and sequence number: generated ids differ there).
 */
export const bookmarksStream = 'bookmarks';

export const bookmarkColours = ['yellow', 'red', 'green', 'blue', 'purple'] as const;
export type BookmarkColour = (typeof bookmarkColours)[number];
export const defaultBookmarkColour: BookmarkColour = 'yellow';

/** Notes are for a sentence or a paragraph, not documents. */
export const bookmarkNoteMax = 2_000;

const isoInstant = z
  .string()
  .refine((s) => parseInstant(s) !== null, 'must be an ISO 8601 instant');

const eventFields = {
  stream: z.string().min(1).max(512),
  sequence: z.number().int().positive(),
  timestamp: isoInstant,
  eventType: z.string().min(1).max(512),
  note: z.string().max(bookmarkNoteMax, `notes are at most ${bookmarkNoteMax} characters`),
  colour: z.enum(bookmarkColours),
};

/**
 * Not strict: a newer version may add fields, and this one should still show the mark. What a
 * field holds is checked (a bad value makes the event skipped, with the reason).
 */
export const bookmarkSetSchema = z.object({
  instanceId: z.string().min(1).max(200),
  /** The instance's name when the event was bookmarked: shown, and written to exports. */
  instance: z.string().min(1).max(200),
  eventId: z.string().min(1).max(200),
  ...eventFields,
});
export type BookmarkSet = z.infer<typeof bookmarkSetSchema>;

export const bookmarkRemovedSchema = z.object({
  instanceId: z.string().min(1).max(200),
  eventId: z.string().min(1).max(200),
});
export type BookmarkRef = z.infer<typeof bookmarkRemovedSchema>;

export interface Bookmark extends BookmarkSet {
  /** ISO instants of the first and the latest BookmarkSet of this bookmark. */
  createdAt: string;
  updatedAt: string;
}

/** An event of the stream the fold left out, and why (shown in the Bookmarks panel). */
export interface SkippedBookmarkEvent {
  sequence: number;
  eventType: string;
  reason: string;
}

/** The key of a bookmark: its event, which is unique within its instance. */
export function bookmarkKey(ref: BookmarkRef): string {
  return `${ref.instanceId}\u0000${ref.eventId}`;
}

/** Marks in the order of their events' times (then stream and sequence number: stable). */
export function compareBookmarks(a: Bookmark, b: Bookmark): number {
  return (
    Date.parse(a.timestamp) - Date.parse(b.timestamp) ||
    a.instance.localeCompare(b.instance) ||
    a.stream.localeCompare(b.stream) ||
    a.sequence - b.sequence
  );
}

/**
 * The bookmarks the stream describes. Events that do not parse (written by a newer version, or
 * by hand) are skipped, each with its reason, rather than breaking the list. Removing a
 * bookmark that is not there does nothing (two windows may both remove it).
 */
export function foldBookmarks(events: readonly EventRecord[]): {
  bookmarks: Bookmark[];
  skipped: SkippedBookmarkEvent[];
} {
  const byKey = new Map<string, Bookmark>();
  const skipped: SkippedBookmarkEvent[] = [];
  const skip = (e: EventRecord, reason: string) =>
    skipped.push({ sequence: e.sequence_number, eventType: e.event_type, reason });
  for (const e of events) {
    switch (e.event_type) {
      case 'BookmarkSet': {
        const p = bookmarkSetSchema.safeParse(e.payload);
        if (!p.success) {
          skip(e, describeIssues(p.error.issues));
          break;
        }
        const key = bookmarkKey(p.data);
        const createdAt = byKey.get(key)?.createdAt ?? e.timestamp;
        byKey.set(key, { ...pickSet(p.data), createdAt, updatedAt: e.timestamp });
        break;
      }
      case 'BookmarkRemoved': {
        const p = bookmarkRemovedSchema.safeParse(e.payload);
        if (!p.success) skip(e, describeIssues(p.error.issues));
        else byKey.delete(bookmarkKey(p.data));
        break;
      }
      default:
        skip(e, `unknown event type "${e.event_type}"`);
    }
  }
  return { bookmarks: [...byKey.values()].sort(compareBookmarks), skipped };
}

/** Only the fields this version knows (a newer writer's extra fields are not carried on). */
function pickSet(b: BookmarkSet): BookmarkSet {
  return {
    instanceId: b.instanceId,
    instance: b.instance,
    eventId: b.eventId,
    stream: b.stream,
    sequence: b.sequence,
    timestamp: b.timestamp,
    eventType: b.eventType,
    note: b.note,
    colour: b.colour,
  };
}

/** The event that adds a bookmark, or changes the note or colour of the one on that event. */
export function bookmarkSetEvent(b: BookmarkSet): EventInput {
  return {
    stream_id: bookmarksStream,
    event_type: 'BookmarkSet',
    payload: { ...pickSet(b), note: b.note.trim() },
  };
}

export function bookmarkRemovedEvent(ref: BookmarkRef): EventInput {
  return {
    stream_id: bookmarksStream,
    event_type: 'BookmarkRemoved',
    payload: { instanceId: ref.instanceId, eventId: ref.eventId },
  };
}

// ---- files -----------------------------------------------------------------------------------

/**
 * A bookmark in an exported file (beside the saved queries): no ids, since generated event ids
 * differ from one database to another; the event is found again by instance name, stream and
 * sequence number, and its time and type must match.
 */
export const bookmarkFileEntrySchema = z.strictObject({
  instance: z.string().min(1).max(200),
  ...eventFields,
});
export type BookmarkFileEntry = z.infer<typeof bookmarkFileEntrySchema>;

export function bookmarkFileEntry(b: Bookmark): BookmarkFileEntry {
  const { instanceId: _instanceId, eventId: _eventId, ...entry } = pickSet(b);
  return entry;
}

/** Sorted by instance, stream and sequence number, so a diff of two exports is readable. */
export function bookmarkFileEntries(bookmarks: readonly Bookmark[]): BookmarkFileEntry[] {
  return bookmarks
    .map(bookmarkFileEntry)
    .sort(
      (a, b) =>
        a.instance.localeCompare(b.instance) ||
        a.stream.localeCompare(b.stream) ||
        a.sequence - b.sequence,
    );
}
