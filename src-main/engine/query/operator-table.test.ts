import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baseOperator,
  operatorFacts,
  operators,
  textOperators,
} from '../../../src-shared/contract/operators';
import { querySchema, type Query } from '../../../src-shared/contract/query';
import { sampleOperand } from '../../test-support/operand-samples';
import { adviseIndex } from './index-advisor';

const docs = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../../docs/query-dsl.md'),
  'utf8',
);

describe('the operator table', () => {
  it('is whole: every operator documented, labelled apart, offered somewhere', () => {
    const table = docs.slice(docs.indexOf('## Operators'), docs.indexOf('## Results'));
    for (const op of operators) {
      expect(table, `docs/query-dsl.md's operator table lacks ${op}`).toContain(`\`${op}\``);
      expect(operatorFacts[op].offeredFor.length, op).toBeGreaterThan(0);
    }
    const labels = operators.map((op) => operatorFacts[op].label);
    expect(new Set(labels).size, 'the builder cannot tell two operators apart').toBe(labels.length);
  });

  it('"*" (every string in the event) is taken by exactly the text operators that say so', () => {
    for (const op of operators) {
      const where = [{ field: '*', operator: op, value: 'abc' }];
      const parsed = querySchema.safeParse({ from: { instance: 'x' }, where });
      expect(parsed.success, op).toBe(operatorFacts[op].anyField);
      if (operatorFacts[op].anyField) expect(textOperators, op).toContain(op);
    }
  });

  it('a negating operator takes the operand of the one it negates', () => {
    for (const op of operators) {
      const base = baseOperator(op);
      if (!base.negated) continue;
      expect(operatorFacts[base.op].negates, `${base.op} negates again`).toBeUndefined();
      expect(operatorFacts[op].operand, op).toBe(operatorFacts[base.op].operand);
    }
  });

  it('the index advisor indexes a filtered path exactly when an index serves the operator', () => {
    for (const op of operators) {
      const query: Query = {
        from: { instance: 'x' },
        where: [
          { field: 'event_type', operator: op, value: 'a' },
          { field: 'payload.a', operator: op, value: sampleOperand[operatorFacts[op].operand] },
        ],
      };
      const cols = adviseIndex(query) ?? [];
      const index = operatorFacts[op].index;
      expect(
        cols.some((c) => c[0] === 'json'),
        op,
      ).toBe(index !== 'none');
      // A type filter leads the index when the type's names are looked up (eq, in).
      expect(
        cols.some((c) => c[0] === 'top' && c[1] === 'tno'),
        op,
      ).toBe(index === 'seek');
    }
    expect(operatorFacts.contains.index).toBe('none');
    expect(operatorFacts.startsWith.index).toBe('range');
  });
});
