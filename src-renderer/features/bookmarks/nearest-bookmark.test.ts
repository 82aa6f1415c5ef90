import { describe, expect, it } from 'vitest';
import type { Bookmark } from '../../../src-shared/contract/bookmarks';
import { nearestBookmark } from './nearest-bookmark';

const at = (eventId: string, iso: string): Bookmark => ({
  instanceId: 'i',
  instance: 'logs',
  eventId,
  stream: 's',
  sequence: 1,
  timestamp: iso,
  eventType: 't',
  note: '',
  colour: 'blue',
  createdAt: iso,
  updatedAt: iso,
});

const marks = [
  at('c', '2024-01-03T00:00:00.000Z'),
  at('a', '2024-01-01T00:00:00.000Z'),
  at('b', '2024-01-02T00:00:00.000Z'),
];
const noon2 = Date.parse('2024-01-02T12:00:00.000Z');

describe('nearestBookmark', () => {
  it('goes to the first one later or the last one earlier than the selected time', () => {
    expect(nearestBookmark(marks, noon2, true)?.eventId).toBe('c');
    expect(nearestBookmark(marks, noon2, false)?.eventId).toBe('b');
  });

  it('wraps round past the last and the first', () => {
    expect(nearestBookmark(marks, Date.parse('2025-01-01T00:00:00Z'), true)?.eventId).toBe('a');
    expect(nearestBookmark(marks, Date.parse('2020-01-01T00:00:00Z'), false)?.eventId).toBe('c');
  });

  it('without a selection starts at either end; without bookmarks, none', () => {
    expect(nearestBookmark(marks, null, true)?.eventId).toBe('a');
    expect(nearestBookmark(marks, null, false)?.eventId).toBe('c');
    expect(nearestBookmark([], noon2, true)).toBeUndefined();
  });
});
