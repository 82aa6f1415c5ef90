import { describe, expect, it } from 'vitest';
import { changeKind } from './view-address';

describe('history steps of a view', () => {
  const base = { instance: 'a', range: { kind: 'relative', last: '1h' } } as const;
  it('pushes moves, replaces query shaping and event selection', () => {
    expect(changeKind(null, base)).toBe('view');
    expect(changeKind(base, { ...base, stream: 's' })).toBe('view');
    expect(changeKind(base, { ...base, tab: 'chart' })).toBe('view');
    expect(changeKind(base, { ...base, query: { limit: 5 } })).toBe('query');
    expect(changeKind(base, { ...base, event: 'e' })).toBe('event');
    // A move that also changes the query or the event is a move.
    expect(changeKind(base, { ...base, stream: 's', event: 'e' })).toBe('view');
  });
});
