import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMirrored, operatorFacts, operators } from '../../../src-shared/contract/operators';
import type { Query, WhereNode } from '../../../src-shared/contract/query';
import { Engine } from '../engine';
import { Mirror } from './mirror';
import { mirrorCandidate } from './mirror-routing';
import { sampleOperand } from '../../test-support/operand-samples';

/**
 * The routing reads the operator table: only operators marked `mirror: true` go to the mirror,
 * and anything it has no meaning for (an operator another branch adds, a field target that is
 * not one field) stays on SQLite, even when the rest of the query is the mirror's shape.
 */
const aggregate = (...where: WhereNode[]): Query => ({
  from: { instance: 'shop' },
  where,
  reduce: { type: 'count', groupBy: ['payload.country'] },
});

/** What a later part of the DSL may add before the mirror knows it (cast: not in the table). */
const foreignOperator = (field: string) =>
  ({ field, operator: 'icontains', value: 'x' }) as unknown as WhereNode;

describe('mirror routing', () => {
  it('sends a payload aggregation with each operator the table marks mirror: true', () => {
    for (const op of operators) {
      const query = aggregate({
        field: 'payload.a',
        operator: op,
        value: sampleOperand[operatorFacts[op].operand],
      });
      expect(mirrorCandidate(query), op).toBe(operatorFacts[op].mirror);
    }
  });

  it('keeps on SQLite a query with an operator the table does not mark, anywhere in it', () => {
    expect(isMirrored('icontains')).toBe(false);
    expect(isMirrored('constructor')).toBe(false); // not an own key of the table
    expect(mirrorCandidate(aggregate(foreignOperator('payload.message')))).toBe(false);
    expect(
      mirrorCandidate(
        aggregate({
          or: [
            { field: 'payload.a', operator: 'eq', value: 1 },
            { not: foreignOperator('event_type') },
          ],
        }),
      ),
    ).toBe(false);
  });

  it('sends a regex on one field (page or aggregation) unless the RE2 builds read it differently', () => {
    const page = (...where: WhereNode[]): Query => ({ from: { instance: 'shop' }, where });
    const path = (operator: 'matches' | 'imatches', value: string): WhereNode => ({
      field: 'payload.path',
      operator,
      value,
    });
    // With a literal the text index could narrow, or none: the mirror reads one column.
    expect(mirrorCandidate(page(path('matches', '^/product/\\d{5}$')))).toBe(true);
    expect(mirrorCandidate(page(path('matches', 'Googlebot/\\d')))).toBe(true);
    expect(mirrorCandidate(page(path('imatches', '^\\d+$')))).toBe(true);
    expect(mirrorCandidate(aggregate(path('imatches', 'ärger')))).toBe(true);
    expect(mirrorCandidate(page({ not: path('matches', '[^a]') }))).toBe(true);
    // Unicode tables of different versions (mirror-regex.ts), anywhere in the query.
    expect(mirrorCandidate(page(path('matches', '\\p{Lu}')))).toBe(false);
    expect(mirrorCandidate(page(path('imatches', '\u{10570}')))).toBe(false);
    expect(mirrorCandidate(page(path('matches', '\u{10570}')))).toBe(true);
    expect(
      mirrorCandidate(
        aggregate({ or: [path('matches', 'a'), { not: path('imatches', '[\\x{2c2f}]') }] }),
      ),
    ).toBe(false);
    // Every text of the event: the text index's.
    expect(mirrorCandidate(page({ field: '*', operator: 'matches', value: '^/product/' }))).toBe(
      false,
    );
  });

  it('keeps on SQLite a field target that is not one field', () => {
    expect(mirrorCandidate(aggregate({ field: '*', operator: 'contains', value: 'timeout' }))).toBe(
      false,
    );
  });

  describe('a mirror asked anyway', () => {
    let engine: Engine;
    let mirror: Mirror;
    beforeAll(async () => {
      engine = Engine.open(':memory:', { autoIndex: false });
      engine.createInstance('shop');
      engine.append('shop', [{ payload: { country: 'DE', message: 'x' } }], false);
      mirror = await Mirror.open({ db: engine.db, file: ':memory:', config: { threads: 1 } });
      await mirror.catchUpAll();
    });
    afterAll(async () => {
      await mirror.close();
      engine.close();
    });

    it('declines what it has no meaning for (SQLite answers), and answers the rest', async () => {
      expect(await mirror.query(aggregate(foreignOperator('payload.message')))).toBeNull();
      expect(
        await mirror.query(aggregate({ field: '*', operator: 'contains', value: 'x' })),
      ).toBeNull();
      const known = await mirror.query(
        aggregate({ field: 'payload.message', operator: 'contains', value: 'x' }),
      );
      expect(known?.aggregation).toMatchObject({
        groups: [{ key: { 'payload.country': 'DE' }, value: 1 }],
      });
    });
  });
});
