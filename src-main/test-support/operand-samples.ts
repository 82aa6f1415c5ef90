import type { JsonValue } from '../../src-shared/contract/json-value';
import type { OperandKind } from '../../src-shared/contract/operators';

/** A valid operand of each kind, for tests that try every operator on one field. */
export const sampleOperand: Record<OperandKind, JsonValue> = {
  scalar: 1,
  orderable: 1,
  text: 'a',
  pattern: 'a',
  list: [1],
  range: [1, 2],
  flag: true,
};
