import { describe, expect, it } from 'vitest';
import {
  bookmarkFileEntries,
  bookmarkRemovedEvent,
  bookmarkSetEvent,
  foldBookmarks,
  type BookmarkSet,
} from './bookmarks';
import type { EventInput } from './operations';
import { storedEvents } from '../test-support/stored-events';

const login: BookmarkSet = {
  instanceId: 'inst-1',
  instance: 'ssh',
  eventId: 'ev-7',
  stream: 'LabSZ',
  sequence: 7,
  timestamp: '2024-12-10T06:55:48.000Z',
  eventType: 'sshd',
  note: 'first failed root login',
  colour: 'red',
};
const later: BookmarkSet = {
  ...login,
  eventId: 'ev-9',
  sequence: 9,
  timestamp: '2024-12-10T07:01:00.000Z',
  note: '',
  colour: 'yellow',
};

describe('foldBookmarks', () => {
  it('adds bookmarks, in the order of their events’ times', () => {
    const { bookmarks, skipped } = foldBookmarks(
      storedEvents([bookmarkSetEvent(later), bookmarkSetEvent(login)]),
    );
    expect(skipped).toEqual([]);
    expect(bookmarks.map((b) => [b.eventId, b.note, b.colour])).toEqual([
      ['ev-7', 'first failed root login', 'red'],
      ['ev-9', '', 'yellow'],
    ]);
  });

  it('a later BookmarkSet on the same event changes its note and colour; created stays', () => {
    const { bookmarks } = foldBookmarks(
      storedEvents([
        bookmarkSetEvent(login),
        bookmarkSetEvent({ ...login, note: '  brute force starts here ' }),
        bookmarkSetEvent({ ...login, note: 'brute force starts here', colour: 'purple' }),
      ]),
    );
    expect(bookmarks).toHaveLength(1);
    expect(bookmarks[0]).toMatchObject({
      note: 'brute force starts here',
      colour: 'purple',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:02.000Z',
    });
  });

  it('the same event id in another instance is another bookmark', () => {
    const { bookmarks } = foldBookmarks(
      storedEvents([bookmarkSetEvent(login), bookmarkSetEvent({ ...login, instanceId: 'inst-2' })]),
    );
    expect(bookmarks).toHaveLength(2);
  });

  it('removes a bookmark; removing one that is not there does nothing; it can be set again', () => {
    const events = [
      bookmarkSetEvent(login),
      bookmarkSetEvent(later),
      bookmarkRemovedEvent(login),
      bookmarkRemovedEvent(login),
    ];
    const removed = foldBookmarks(storedEvents(events));
    expect(removed.bookmarks.map((b) => b.eventId)).toEqual(['ev-9']);
    expect(removed.skipped).toEqual([]);
    const again = foldBookmarks(storedEvents([...events, bookmarkSetEvent(login)]));
    expect(again.bookmarks.map((b) => b.eventId)).toEqual(['ev-7', 'ev-9']);
    // Its story starts again: created at the new set.
    expect(again.bookmarks[0]!.createdAt).toBe('2026-01-01T00:00:04.000Z');
  });

  it('ignores bad events, each with its reason, and keeps the rest', () => {
    const bad: EventInput[] = [
      { stream_id: 'bookmarks', event_type: 'BookmarkSet', payload: { ...login, colour: 'pink' } },
      { stream_id: 'bookmarks', event_type: 'BookmarkSet', payload: { ...login, sequence: 0 } },
      {
        stream_id: 'bookmarks',
        event_type: 'BookmarkSet',
        payload: { ...login, timestamp: 'yesterday' },
      },
      {
        stream_id: 'bookmarks',
        event_type: 'BookmarkSet',
        payload: { ...login, note: 'x'.repeat(2001) },
      },
      { stream_id: 'bookmarks', event_type: 'BookmarkRemoved', payload: { eventId: 'ev-9' } },
      { stream_id: 'bookmarks', event_type: 'BookmarkPinned', payload: { ...login } },
    ];
    const { bookmarks, skipped } = foldBookmarks(
      storedEvents([bookmarkSetEvent(later), ...bad, bookmarkSetEvent(login)]),
    );
    // The bad removal did not remove ev-9; every good event counted.
    expect(bookmarks.map((b) => b.eventId)).toEqual(['ev-7', 'ev-9']);
    expect(skipped.map((s) => [s.sequence, s.eventType])).toEqual([
      [2, 'BookmarkSet'],
      [3, 'BookmarkSet'],
      [4, 'BookmarkSet'],
      [5, 'BookmarkSet'],
      [6, 'BookmarkRemoved'],
      [7, 'BookmarkPinned'],
    ]);
    const reasons = skipped.map((s) => s.reason);
    expect(reasons[0]).toMatch(/^colour: /u);
    expect(reasons[1]).toMatch(/^sequence: /u);
    expect(reasons[2]).toBe('timestamp: must be an ISO 8601 instant');
    expect(reasons[3]).toBe('note: notes are at most 2000 characters');
    expect(reasons[4]).toMatch(/^instanceId: /u);
    expect(reasons[5]).toBe('unknown event type "BookmarkPinned"');
  });

  it('keeps a newer writer’s bookmark (extra fields) but not its extra fields', () => {
    const { bookmarks, skipped } = foldBookmarks(
      storedEvents([
        {
          stream_id: 'bookmarks',
          event_type: 'BookmarkSet',
          payload: { ...login, pinned: true },
        },
      ]),
    );
    expect(skipped).toEqual([]);
    expect(bookmarks[0]).not.toHaveProperty('pinned');
  });
});

describe('bookmark file entries', () => {
  it('carry no ids, sorted by instance, stream and sequence number', () => {
    const { bookmarks } = foldBookmarks(
      storedEvents([bookmarkSetEvent(later), bookmarkSetEvent(login)]),
    );
    // The sets as they were written, less the two ids (an entry with an id would not be equal).
    const withoutIds = ({ instanceId: _i, eventId: _e, ...entry }: BookmarkSet) => entry;
    expect(bookmarkFileEntries(bookmarks)).toEqual([withoutIds(login), withoutIds(later)]);
  });
});
