import { describe, expect, it } from 'vitest';
import { RowSlots } from './row-slots';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('RowSlots', () => {
  it('keeps the slot of a row that stays and gives a new row the slot of one that left', () => {
    const slots = new RowSlots();
    const first = slots.assign(range(0, 40));
    expect(new Set(first).size).toBe(40);
    // Scrolled by 25 rows: 15 stay, 25 leave, 25 come.
    const next = slots.assign(range(25, 65));
    expect(next.slice(0, 15)).toEqual(first.slice(25));
    expect(new Set(next)).toEqual(new Set(first));
  });

  it('reuses slots when the window grows or shrinks by a row, and after a jump', () => {
    const slots = new RowSlots();
    slots.assign(range(0, 40));
    const grown = slots.assign(range(10, 51));
    expect(Math.max(...grown)).toBe(40); // one new slot for the extra row
    const jumped = slots.assign(range(90_000, 90_040));
    expect(new Set(jumped).size).toBe(40);
    expect(Math.max(...jumped)).toBeLessThanOrEqual(40);
  });

  it('answers the same for the same indices (React may render twice)', () => {
    const slots = new RowSlots();
    slots.assign(range(0, 30));
    const a = slots.assign(range(7, 37));
    expect(slots.assign(range(7, 37))).toEqual(a);
  });
});
