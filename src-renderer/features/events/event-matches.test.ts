import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src-shared/contract/records';
import { highlighter } from '../../../src-shared/search/highlight';
import { parseSearchText } from '../../../src-shared/search/search-text';
import { eventMatches, nextMatch } from './event-matches';
import { arrayRows } from './paged-rows';
import type { TableRow } from './use-event-pages';

const search = (text: string) => {
  const parsed = parseSearchText(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return highlighter(parsed.where);
};

const event = (over: Partial<EventRecord>): EventRecord => ({
  id: 'e1',
  instanceId: 'i',
  stream_id: 's',
  event_type: 't',
  payload: {},
  metadata: {},
  timestamp: '2026-01-01T00:00:00.000Z',
  sequence_number: 1,
  ...over,
});

describe('eventMatches', () => {
  it('finds the search in any string of the event, at any depth', () => {
    const h = search('googlebot');
    expect(eventMatches(h, event({ payload: { a: [{ ua: 'x GoogleBot/2.1' }] } }))).toBe(true);
    expect(eventMatches(h, event({ metadata: { agent: 'GOOGLEBOT' } }))).toBe(true);
    expect(eventMatches(h, event({ stream_id: 'googlebot-pool' }))).toBe(true);
    expect(eventMatches(h, event({ payload: { ua: 'Mozilla', n: 5, googlebot: 1 } }))).toBe(false);
  });

  it('follows field conditions to their field only, and ignores exclusions', () => {
    const h = search('ua:bot -curl');
    expect(eventMatches(h, event({ payload: { ua: 'bot' } }))).toBe(true);
    expect(eventMatches(h, event({ payload: { other: 'bot', x: 'curl' } }))).toBe(false);
    expect(eventMatches(search('-curl'), event({ payload: { ua: 'curl' } }))).toBe(false);
  });
});

describe('nextMatch', () => {
  const rows = arrayRows(Array.from({ length: 6 }, (_, i) => ({ id: String(i) }) as TableRow));
  const even = (i: number) => i % 2 === 0;

  it('goes to the next or previous match, wrapping around once', () => {
    expect(nextMatch(rows, 0, 1, even)).toBe(2);
    expect(nextMatch(rows, 4, 1, even)).toBe(0);
    expect(nextMatch(rows, 2, -1, even)).toBe(0);
    expect(nextMatch(rows, 0, -1, even)).toBe(4);
    expect(nextMatch(rows, 2, 1, (i) => i === 2)).toBe(2);
  });

  it('starts from the top or the bottom without a selection, and says when nothing matches', () => {
    expect(nextMatch(rows, -1, 1, even)).toBe(0);
    expect(nextMatch(rows, -1, -1, even)).toBe(4);
    expect(nextMatch(rows, 3, 1, () => false)).toBeNull();
    expect(nextMatch(arrayRows([]), -1, 1, even)).toBeNull();
  });
});
