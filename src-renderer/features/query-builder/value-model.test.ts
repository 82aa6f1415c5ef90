import { describe, expect, it } from 'vitest';
import { fieldCatalog, matchFields, operatorsFor, operatorsForField } from './field-catalog';
import { convertOperand, defaultScalarType, operandFits, parseScalar } from './value-model';

describe('field catalogue and operators', () => {
  it('lists built-in fields first, then discovered ones by count, canonically spelled', () => {
    const c = fieldCatalog([
      { path: 'payload.rare', types: ['string'], count: 1 },
      { path: 'payload.user.id', types: ['string', 'number'], count: 90 },
      { path: 'user.id', types: ['string'], count: 90 },
    ]);
    expect(c.map((f) => f.path)).toEqual([
      'event_type',
      'stream_id',
      'timestamp',
      'sequence_number',
      'id',
      'payload.user.id',
      'payload.rare',
    ]);
    expect(matchFields(c, 'user id').map((f) => f.path)).toEqual(['payload.user.id']);
    expect(matchFields(c, 'rare')[0]!.path).toBe('payload.rare');
  });

  it('offers operators by type', () => {
    expect(operatorsFor(['boolean'])).toEqual(['eq', 'neq', 'in', 'nin', 'exists']);
    expect(operatorsFor(['object'])).toEqual(['exists']);
    expect(operatorsFor(['instant'])).not.toContain('contains');
    expect(operatorsFor(['number'])).not.toContain('contains');
    expect(operatorsFor(undefined)).toHaveLength(17);
    expect(
      operatorsForField({ path: 'event_type', types: ['string'], builtIn: true }),
    ).not.toContain('exists');
  });
});

describe('operands', () => {
  it('reads typed values', () => {
    expect(parseScalar('5', 'number')).toEqual({ ok: true, value: 5 });
    expect(parseScalar('5', 'string')).toEqual({ ok: true, value: '5' });
    expect(parseScalar('x', 'number')).toEqual({ ok: false, message: '"x" is not a number' });
    expect(parseScalar(' TRUE ', 'boolean')).toEqual({ ok: true, value: true });
    expect(parseScalar('', 'null')).toEqual({ ok: true, value: null });
    expect(defaultScalarType(['null', 'number'])).toBe('number');
  });

  it('carries a value over when the operator changes, when it still fits', () => {
    expect(convertOperand('a', 'eq', 'in')).toEqual(['a']);
    expect(convertOperand(['a', 'b'], 'in', 'eq')).toBe('a');
    expect(convertOperand(5, 'gt', 'contains')).toBeUndefined();
    expect(convertOperand(5, 'gt', 'between')).toBeUndefined();
    expect(convertOperand([1, 2], 'in', 'nin')).toEqual([1, 2]);
    expect(convertOperand(undefined, null, 'exists')).toBe(true);
    expect(operandFits('between', [1, 2])).toBe(true);
    expect(operandFits('eq', [1])).toBe(false);
  });
});
