import { describe, expect, it } from 'vitest';
import { splitterKeyTarget } from './splitter';

describe('splitterKeyTarget', () => {
  const range = { value: 200, min: 100, max: 400 };

  it('moves by a step with the arrows, a larger one with Shift', () => {
    expect(splitterKeyTarget('ArrowUp', false, range)).toBe(184);
    expect(splitterKeyTarget('ArrowDown', false, range)).toBe(216);
    expect(splitterKeyTarget('ArrowUp', true, range)).toBe(136);
    expect(splitterKeyTarget('ArrowDown', true, range)).toBe(264);
  });

  it('goes to the ends with Home and End', () => {
    expect(splitterKeyTarget('Home', false, range)).toBe(100);
    expect(splitterKeyTarget('End', true, range)).toBe(400);
  });

  it('leaves clamping to the caller, and ignores other keys', () => {
    expect(splitterKeyTarget('ArrowUp', true, { value: 110, min: 100, max: 400 })).toBe(46);
    expect(splitterKeyTarget('ArrowLeft', false, range)).toBeNull();
    expect(splitterKeyTarget('a', false, range)).toBeNull();
  });
});
