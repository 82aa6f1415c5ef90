import { describe, expect, it } from 'vitest';
import { changeKind, soleInstance } from './view-address';

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

describe('the instance a log without a view opens on', () => {
  const at = '2026-12-07T00:00:00.000Z';
  const instance = (id: string, name = id) => ({ id, name, createdAt: at, updatedAt: at });
  it("is the only one the user has; the app's own hidden instance does not count", () => {
    expect(soleInstance([instance('a')])).toBe('a');
    expect(soleInstance([instance('s', '_eventlens'), instance('a')])).toBe('a');
    expect(soleInstance([instance('a'), instance('b')])).toBeNull();
    expect(soleInstance([instance('s', '_eventlens')])).toBeNull();
    expect(soleInstance([])).toBeNull();
  });
});
