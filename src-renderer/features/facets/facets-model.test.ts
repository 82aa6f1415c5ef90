import { describe, expect, it } from 'vitest';
import type { WhereNode } from '../../../src-shared/contract/query';
import {
  facetQuery,
  facetState,
  formatShare,
  facetValues,
  toggleFacet,
  withoutOwnFilters,
} from './facets-model';

describe('facets', () => {
  it('counts the field under the current filters', () => {
    const where: WhereNode[] = [{ field: 'a', operator: 'eq', value: 1 }];
    expect(
      facetQuery(
        { from: { instance: 'shop', stream: 's' }, where, limit: 3 },
        'payload.country',
        5,
      ),
    ).toEqual({
      from: { instance: 'shop', stream: 's' },
      where,
      reduce: { type: 'count', groupBy: ['payload.country'] },
      limit: 5,
    });
    expect(
      facetValues('x', [
        { key: { x: 'a' }, value: 3, count: 3 },
        { key: { x: null }, value: 1, count: 1 },
        { key: { x: [1] }, value: 1, count: 1 },
      ]).map((v) => v.filterable),
    ).toEqual([true, true, false]);
  });

  it("counts under the query less the facet's own field filters", () => {
    const where: WhereNode[] = [
      { field: 'event_type', operator: 'in', value: ['a', 'b'] },
      { field: 'eventType', operator: 'neq', value: 'c' },
      { field: 'x', operator: 'eq', value: 1 },
      { or: [{ field: 'event_type', operator: 'eq', value: 'd' }] },
    ];
    expect(withoutOwnFilters({ from: { instance: 's' }, where }, 'event_type')).toEqual({
      from: { instance: 's' },
      where: [where[2], where[3]],
    });
    expect(
      withoutOwnFilters({ from: { instance: 's' }, where: [where[0]!] }, 'event_type'),
    ).toEqual({
      from: { instance: 's' },
    });
  });

  it('filters in, adds a second value as OR, and takes values back', () => {
    let w: WhereNode[] = [];
    w = toggleFacet(w, 'payload.country', 'DE', 'in');
    expect(w).toEqual([{ field: 'payload.country', operator: 'eq', value: 'DE' }]);
    // The same field under another spelling is the same field.
    w = toggleFacet(w, 'country', 'FR', 'in');
    expect(w).toEqual([{ field: 'payload.country', operator: 'in', value: ['DE', 'FR'] }]);
    expect(facetState(w, 'payload.country', 'FR')).toBe('in');
    w = toggleFacet(w, 'payload.country', 'DE', 'in');
    expect(w).toEqual([{ field: 'payload.country', operator: 'eq', value: 'FR' }]);
    w = toggleFacet(w, 'payload.country', 'FR', 'in');
    expect(w).toEqual([]);
  });

  it('filters out as neq / nin, keeps types apart, and switching in <-> out moves the value', () => {
    let w: WhereNode[] = [{ field: 'other', operator: 'gt', value: 1 }];
    w = toggleFacet(w, 'n', 5, 'out');
    w = toggleFacet(w, 'n', '5', 'out');
    expect(w).toEqual([
      { field: 'other', operator: 'gt', value: 1 },
      { field: 'n', operator: 'nin', value: [5, '5'] },
    ]);
    expect(facetState(w, 'n', 5)).toBe('out');
    w = toggleFacet(w, 'n', 5, 'in');
    expect(w).toEqual([
      { field: 'other', operator: 'gt', value: 1 },
      { field: 'n', operator: 'neq', value: '5' },
      { field: 'n', operator: 'eq', value: 5 },
    ]);
    expect(facetState(w, 'n', null)).toBe(null);
    expect(toggleFacet([], 'n', null, 'in')).toEqual([{ field: 'n', operator: 'eq', value: null }]);
  });
});

describe('formatShare', () => {
  it('gives a share at a precision that fits a narrow column', () => {
    expect(formatShare(425, 800)).toBe('53%');
    expect(formatShare(28, 800)).toBe('3.5%');
    expect(formatShare(2, 800)).toBe('0.3%');
    expect(formatShare(3, 9999)).toBe('<0.1%');
    expect(formatShare(800, 800)).toBe('100%');
    expect(formatShare(9951, 9999)).toBe('>99%');
    expect(formatShare(0, 0)).toBe('0%');
  });
});
