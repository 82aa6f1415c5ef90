import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitText, queryLimits, structuralLimits as L } from '../../../src-shared/contract/limits';
import {
  anyFieldOperators,
  operatorFacts,
  operators,
  type OperandKind,
  type Operator,
} from '../../../src-shared/contract/operators';
import type { JsonObject } from '../../../src-shared/contract/json-value';
import { maxOperandLength, type Query, type WhereNode } from '../../../src-shared/contract/query';
import type { EventRecord, QueryResult } from '../../../src-shared/contract/records';
import { failed, ok } from '../../test-support/envelopes';
import { referenceQuery } from '../../test-support/reference-query';
import { Engine } from '../engine';
import { EventLogService } from '../service';
import { createQueryIndex } from './hot-paths';
import { maxInlineValues } from './where-sql';

/**
 * Every documented limit of the DSL (limits.ts, docs/query-dsl.md) through the service, which
 * every transport calls: a query exactly at a limit answers — as the reference evaluator does —
 * and one past it is a VALIDATION_ERROR that names the limit. Before the compiler balanced its
 * trees and bound long lists as JSON, 995 ANDed conditions failed with "Expression tree is too
 * large", four lists of 10,000 with "too many SQL variables", and fifty with a stack overflow.
 */
let engine: Engine;
let service: EventLogService;
let records: EventRecord[];
const events = 12;
const t0 = Date.UTC(2026, 0, 1);
const deepKeys = Array.from({ length: L.maxFieldPathSteps - 1 }, (_, i) => `k${i}`);
const longKey = 'x'.repeat(L.maxFieldPathLength - 'payload[""]'.length);

beforeAll(async () => {
  engine = Engine.open(':memory:', { autoIndex: false });
  service = new EventLogService(engine);
  engine.createInstance('lim');
  const deep = deepKeys.reduceRight<JsonObject>((inner, k) => ({ [k]: inner }), { end: 1 });
  engine.append(
    'lim',
    Array.from({ length: events }, (_, i) => ({
      stream_id: `s${i % 5}`,
      event_type: `t${i % 3}`,
      timestamp: t0 + i * 1_000,
      ...(i % 10 === 0 ? { id: `given-${i}` } : {}),
      payload: {
        n: i % 7 === 0 ? null : i % 13,
        s: `v${i % 11}`,
        b: i % 2 === 0,
        [longKey]: i,
        ...(i % 2 === 0 ? { deep } : {}),
      },
    })),
    false,
  );
  // payload.s is indexed: its SQL is the index's expression, not the bound path.
  createQueryIndex(engine.db, engine.instances.require('lim').ino, [['json', 'payload', '$."s"']]);
  const all = ok(
    await service.api.queryEvents({ query: { from: { instance: 'lim' }, limit: 100 } }),
  );
  records = JSON.parse(JSON.stringify(all.result.events)) as EventRecord[];
});
afterAll(() => engine.close());

const from = { instance: 'lim' };

/** Answers, and exactly as the reference evaluator does. */
async function answers(query: Query): Promise<QueryResult> {
  const { result } = ok(await service.api.queryEvents({ query }));
  const { ordered: _o, ...want } = referenceQuery(records, query);
  const { tookMs: _t, nextCursor: _c, ...got } = result;
  expect(got).toEqual(want);
  return result;
}

/** A VALIDATION_ERROR whose sentence names the limit. */
async function refused(query: unknown, limit: number): Promise<string> {
  const error = failed(await service.call('queryEvents', { query }), 'VALIDATION_ERROR');
  expect(error).toContain(limitText(limit));
  return error;
}

/** A regular expression that matches `text` literally (the accepted syntax escapes punctuation). */
const regexLiteral = (text: string) => text.replace(/[\\^$.|?*+()[\]{}-]/gu, '\\$&');

const textual = (op: Operator) => ['text', 'pattern'].includes(operatorFacts[op].operand);

const repeat = <T>(n: number, make: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));
const cond = (i: number): WhereNode => ({ field: 'payload.n', operator: 'neq', value: i % 13 });

describe('conditions and groups per query', () => {
  it(`${limitText(L.maxConditions)} answer, ANDed, ORed or negated; one more is refused`, async () => {
    await answers({ from, where: repeat(L.maxConditions, cond) });
    await answers({ from, where: [{ or: repeat(L.maxConditions - 1, cond) }] });
    await answers({ from, where: repeat(L.maxConditions / 2, (i) => ({ not: cond(i) })) });
    await refused({ from, where: repeat(L.maxConditions + 1, cond) }, L.maxConditions);
    await refused({ from, where: [{ or: repeat(L.maxConditions, cond) }] }, L.maxConditions);
    // Counted before anything else is looked at: a million is refused as fast.
    await refused({ from, where: repeat(1_000_000, () => ({})) }, L.maxConditions);
  });

  // An operand of each kind, per field; lists as long as the compiler binds inline, which
  // bind the most parameters.
  // One field per way the compiler writes SQL (stream_id is written as event_type is, and
  // sequence_number as timestamp is).
  const fields = [
    'payload.n', // a JSON path
    'payload.s', // an indexed JSON path
    'event_type',
    'id',
    'timestamp',
  ];
  const operand = (field: string, kind: OperandKind, i: number): unknown => {
    const one = (j: number): string | number => {
      if (field === 'timestamp') return new Date(t0 + (j % events) * 1_000).toISOString();
      if (field === 'id') return j % 10 === 0 ? `given-${j}` : records[j % events]!.id;
      if (field === 'stream_id') return `s${j % 6}`;
      if (field === 'event_type') return `t${j % 4}`;
      if (field === 'payload.s') return `v${j % 12}`;
      return j % 14;
    };
    switch (kind) {
      case 'scalar':
      case 'orderable':
        return one(i);
      case 'text':
        return String(one(i)).slice(0, 2);
      case 'pattern':
        return `^${regexLiteral(String(one(i)).slice(0, 2))}`;
      case 'list':
        return repeat(maxInlineValues, (j) => one(i + j));
      case 'range':
        return [one(i), one(i + 3)];
      case 'flag':
        return i % 2 === 0;
    }
  };
  const applies = (field: string, op: Operator) => !(field === 'timestamp' && textual(op));

  it.each(operators)(
    `${limitText(L.maxConditions)} conditions of "%s" on every kind of field stay inside SQLite's limits`,
    async (op) => {
      for (const field of fields.filter((f) => applies(f, op))) {
        const c = (i: number): WhereNode => ({
          field,
          operator: op,
          value: operand(field, operatorFacts[op].operand, i) as never,
        });
        // The positive form of each condition, and (NOT pushed down) the negated one, as many
        // as the limit allows in one group; counted in one statement.
        const count = { type: 'count' } as const;
        await answers({ from, where: [{ or: repeat(L.maxConditions - 1, c) }], reduce: count });
        const negated = { not: { or: repeat(L.maxConditions - 2, c) } };
        await answers({ from, where: [negated], reduce: count });
      }
    },
  );
});

describe('text search over every string ("*")', () => {
  // Each "*" condition looks names up and asks the text index how many hits it has: a query
  // of a thousand must still answer, inside SQLite's limits.
  it.each(anyFieldOperators)(
    `${limitText(L.maxConditions)} conditions of "%s" on "*" answer, ORed, ANDed or negated`,
    async (operator) => {
      const c = (i: number): WhereNode => {
        const word = ['v1', 's2', 't1', 'given', 'V3'][i % 5]!;
        const value = operatorFacts[operator].operand === 'pattern' ? `^${word}` : word;
        return { field: '*', operator, value };
      };
      const count = { type: 'count' } as const;
      await answers({ from, where: [{ or: repeat(L.maxConditions - 1, c) }], reduce: count });
      await answers({ from, where: [{ not: { or: repeat(L.maxConditions - 2, c) } }] });
      await answers({ from, where: repeat(L.maxConditions, (i) => c(i % 2 === 0 ? 0 : 5)) });
      await refused({ from, where: repeat(L.maxConditions + 1, c) }, L.maxConditions);
    },
    60_000,
  );
});

describe('nesting', () => {
  /** A condition inside `depth` groups: not, or, and in turn, each with a sibling or two. */
  const nested = (depth: number, siblings: number): WhereNode => {
    let node: WhereNode = cond(0);
    for (let d = 0; d < depth; d++) {
      const more = repeat(siblings, (i) => cond(d + i));
      node =
        d % 3 === 0
          ? { not: node }
          : d % 3 === 1
            ? { or: [node, ...more] }
            : { and: [node, ...more] };
    }
    return node;
  };

  it(`a condition inside ${L.maxConditionDepth} groups answers; inside one more is refused`, async () => {
    await answers({ from, where: [nested(L.maxConditionDepth, 1)] });
    // As deep and as wide as the limits allow together.
    await answers({ from, where: [nested(L.maxConditionDepth, 44)] });
    await refused({ from, where: [nested(L.maxConditionDepth + 1, 0)] }, L.maxConditionDepth);
    await refused({ from, where: [nested(100, 0)] }, L.maxConditionDepth);
    // However deep the input goes, nothing recurses past the limits: such a query is refused
    // for its size before its depth is looked at.
    await refused({ from, where: [nested(1_000_000, 0)] }, L.maxConditions);
  });
});

describe('in and nin lists', () => {
  const list = (field: string, n: number, offset = 0): unknown[] =>
    repeat(n, (i) => {
      const j = i + offset;
      if (field === 'timestamp') return t0 + (j % (events + 5)) * 1_000;
      if (field === 'id') return j < events ? records[j]!.id : `nope-${j}`;
      if (field === 'stream_id') return `s${j}`;
      if (field === 'event_type') return `t${j}`;
      if (field === 'payload.s') return `v${j}`;
      return j % 2 === 0 ? j : `${j}`;
    });

  it(`a list of ${limitText(L.maxInValues)} answers on every kind of field; one more value is refused`, async () => {
    for (const field of [
      'payload.n',
      'payload.s',
      'stream_id',
      'event_type',
      'id',
      'timestamp',
      'sequence_number',
    ]) {
      const values = list(field, L.maxInValues);
      await answers({ from, where: [{ field, operator: 'in', value: values as never }] });
      await answers({ from, where: [{ field, operator: 'nin', value: values as never }] });
      await answers({ from, where: [{ not: { field, operator: 'in', value: values as never } }] });
    }
    // Booleans and null among many values (booleans are bound apart from the JSON list).
    const mixed = [...list('payload.n', L.maxInValues - 3), true, false, null];
    await answers({ from, where: [{ field: 'payload.b', operator: 'in', value: mixed as never }] });
    await answers({
      from,
      where: [{ field: 'payload.n', operator: 'nin', value: mixed as never }],
    });
    await refused(
      {
        from,
        where: [
          { field: 'payload.n', operator: 'in', value: list('payload.n', L.maxInValues + 1) },
        ],
      },
      L.maxInValues,
    );
  });

  it(`${limitText(L.maxInValuesPerQuery)} values in a query's lists answer; one more is refused`, async () => {
    const lists = L.maxInValuesPerQuery / L.maxInValues;
    const where = (extra: number): WhereNode[] => [
      ...repeat(lists, (i): WhereNode => {
        const field = i % 2 === 0 ? 'payload.n' : 'stream_id';
        const n = L.maxInValues - (i === 0 ? 1 : 0);
        return { field, operator: i % 3 === 0 ? 'nin' : 'in', value: list(field, n, i) as never };
      }),
      { field: 'payload.n', operator: 'in', value: list('payload.n', 1 + extra) as never },
    ];
    await answers({ from, where: where(0) });
    await refused({ from, where: where(1) }, L.maxInValuesPerQuery);
  }, 60_000);
});

describe('operands and fields', () => {
  it(`a contains or startsWith operand of ${limitText(L.maxTextOperandLength)} characters answers, a search term of ${limitText(L.maxSearchTermLength)}; one more is refused`, async () => {
    const limits = new Set<number>();
    for (const operator of operators.filter(textual)) {
      const max = maxOperandLength('payload.s', operator);
      limits.add(max);
      expect(max, operator).toBe(
        operatorFacts[operator].textIndex ? L.maxSearchTermLength : L.maxTextOperandLength,
      );
      const value = 'v'.repeat(max);
      await answers({ from, where: [{ field: 'payload.s', operator, value }] });
      await answers({
        from,
        where: [{ field: 'stream_id', operator, value: `😀${value.slice(2)}` }],
      });
      await refused({ from, where: [{ field: 'payload.s', operator, value: `${value}v` }] }, max);
    }
    expect([...limits].sort((a, b) => a - b)).toEqual([
      L.maxSearchTermLength,
      L.maxTextOperandLength,
    ]);
    // On "*" every operand is a search term, contains' too.
    for (const operator of anyFieldOperators) {
      const value = 'v'.repeat(L.maxSearchTermLength);
      await answers({ from, where: [{ field: '*', operator, value }] });
      await refused(
        { from, where: [{ field: '*', operator, value: `${value}v` }] },
        L.maxSearchTermLength,
      );
    }
  });

  it(`a field of ${limitText(L.maxFieldPathLength)} characters or ${L.maxFieldPathSteps} steps answers; longer is refused`, async () => {
    const long = `payload["${longKey}"]`;
    expect(long).toHaveLength(L.maxFieldPathLength);
    const deep = ['payload', ...deepKeys].join('.');
    expect(deep.split('.')).toHaveLength(L.maxFieldPathSteps);
    for (const field of [long, deep]) {
      await answers({ from, where: [{ field, operator: 'exists', value: true }], select: [field] });
      await answers({ from, orderBy: { field, direction: 'desc' }, limit: 5 });
      await answers({ from, reduce: { type: 'count', field, groupBy: [field] } });
    }
    await refused({ from, select: [`payload["${longKey}x"]`] }, L.maxFieldPathLength);
    await refused(
      { from, where: [{ field: `${deep}.end`, operator: 'exists', value: true }] },
      L.maxFieldPathSteps,
    );
  });

  it(`${L.maxSelectFields} selected fields and ${L.maxGroupByKeys} group keys answer; one more is refused`, async () => {
    const fields = (n: number) =>
      repeat(n, (i) => (i < 3 ? ['stream_id', 'payload.n', 'payload.s'][i]! : `payload.f${i}`));
    await answers({ from, select: fields(L.maxSelectFields) });
    await refused({ from, select: fields(L.maxSelectFields + 1) }, L.maxSelectFields);
    await answers({ from, reduce: { type: 'count', groupBy: fields(L.maxGroupByKeys) } });
    await refused(
      { from, reduce: { type: 'count', groupBy: fields(L.maxGroupByKeys + 1) } },
      L.maxGroupByKeys,
    );
  });

  it(`a page of ${limitText(queryLimits.maxLimit)} answers; one more is refused`, async () => {
    const result = await answers({ from, limit: queryLimits.maxLimit });
    expect(result.events).toHaveLength(events);
    await refused({ from, limit: queryLimits.maxLimit + 1 }, queryLimits.maxLimit);
  });

  it(`an instance name of ${L.maxNameLength} and a stream id of ${L.maxStreamIdLength} characters answer; longer are refused`, async () => {
    const name = 'i'.repeat(L.maxNameLength);
    const stream = 's'.repeat(L.maxStreamIdLength);
    ok(
      await service.api.appendEvent({
        instanceId: name,
        streamId: stream,
        eventType: 'e',
        autoCreateInstance: true,
      }),
    );
    const { result } = ok(
      await service.api.queryEvents({ query: { from: { instance: name, stream } } }),
    );
    expect(result.total).toBe(1);
    await refused({ from: { instance: `${name}i` } }, L.maxNameLength);
    await refused({ from: { instance: name, stream: `${stream}s` } }, L.maxStreamIdLength);
  });
});
