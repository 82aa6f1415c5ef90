import type { JsonPrimitive, JsonValue } from '../../../src-shared/contract/json-value';
import {
  operatorFacts,
  type FieldKind,
  type OperandKind,
  type Operator,
} from '../../../src-shared/contract/operators';

/**
 * Operands in the builder. Comparisons in the DSL are typed (5 and "5" differ), so every value
 * input carries a type the user can see and switch, defaulting to the field's own type.
 */
export type ScalarType = 'string' | 'number' | 'boolean' | 'null';

/** The editor an operand gets: orderable operands are edited as scalars (validation says more). */
export type OperandShape = 'scalar' | 'text' | 'list' | 'range' | 'flag';

const shapes: Record<OperandKind, OperandShape> = {
  scalar: 'scalar',
  orderable: 'scalar',
  text: 'text',
  pattern: 'text',
  list: 'list',
  range: 'range',
  flag: 'flag',
};

export function operandShape(op: Operator): OperandShape {
  return shapes[operatorFacts[op].operand];
}

export function typeOf(v: JsonValue | undefined): ScalarType {
  if (v === null) return 'null';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

/** The type a new value of this field starts with. */
export function defaultScalarType(types: readonly FieldKind[] | undefined): ScalarType {
  for (const t of types ?? []) {
    if (t === 'number' || t === 'string' || t === 'boolean') return t;
  }
  return 'string';
}

export type ParsedScalar = { ok: true; value: JsonPrimitive } | { ok: false; message: string };

/** Reads what the user typed as a value of the chosen type. */
export function parseScalar(text: string, type: ScalarType): ParsedScalar {
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'null':
      return { ok: true, value: null };
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t === 'true') return { ok: true, value: true };
      if (t === 'false') return { ok: true, value: false };
      return { ok: false, message: 'expected true or false' };
    }
    case 'number': {
      const t = text.trim();
      const n = Number(t);
      if (t === '' || !Number.isFinite(n))
        return { ok: false, message: `"${text}" is not a number` };
      return { ok: true, value: n };
    }
  }
}

/** The text shown for a scalar in an input (strings as they are, not quoted). */
export function scalarText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A value as a chip or a summary shows it: strings quoted, so "5" and 5 look different. */
export function displayValue(v: JsonValue | undefined): string {
  if (v === undefined) return '…';
  return JSON.stringify(v) ?? '';
}

/**
 * The operand to keep when the operator changes: carried over when it still fits (eq "a" ->
 * in ["a"], in ["a","b"] -> eq "a", gt 5 -> between [5, …]), else undefined (the row is then
 * unfinished until a value is entered). A flag (`exists`) starts as true.
 */
export function convertOperand(
  value: JsonValue | undefined,
  from: Operator | null,
  to: Operator,
): JsonValue | undefined {
  const toShape = operandShape(to);
  const fromShape = from === null ? null : operandShape(from);
  if (toShape === 'flag') return fromShape === 'flag' && typeof value === 'boolean' ? value : true;
  if (value === undefined || fromShape === null) return undefined;
  const first: JsonValue | undefined =
    fromShape === 'list' || fromShape === 'range'
      ? Array.isArray(value)
        ? value[0]
        : undefined
      : fromShape === 'flag'
        ? undefined
        : value;
  if (fromShape === toShape) return value;
  switch (toShape) {
    case 'list':
      return first === undefined ? undefined : [first];
    case 'range':
      return undefined;
    case 'text':
      return typeof first === 'string' ? first : undefined;
    case 'scalar':
      return first !== undefined && (first === null || typeof first !== 'object')
        ? first
        : undefined;
  }
}

/** Whether the operand is one the builder's inputs can edit for this operator. */
export function operandFits(op: Operator, value: JsonValue | undefined): boolean {
  if (value === undefined) return true;
  const isScalar = (v: JsonValue) => v === null || typeof v !== 'object';
  switch (operandShape(op)) {
    case 'scalar':
      return isScalar(value);
    case 'text':
      return typeof value === 'string';
    case 'flag':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value) && value.every(isScalar);
    case 'range':
      return Array.isArray(value) && value.length === 2 && value.every(isScalar);
  }
}
