/**
 * fast-check arbitraries for the differential test: small datasets full of adversarial values,
 * and queries over every field form, operator, group, order, select and aggregation.
 */
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../src-shared/contract/json-value';
import type { EventInput } from '../../src-shared/contract/operations';
import {
  anyFieldOperators,
  operandKinds,
  operatorFacts,
  operators,
  type OperandKind,
} from '../../src-shared/contract/operators';
import type { GroupKey, Query, Reduce, WhereNode } from '../../src-shared/contract/query';
import { maxInlineValues } from '../engine/query/where-sql';
import { validReduce } from '../../src-shared/test-support/drawn-reduce';

const t0 = Date.UTC(2026, 0, 1);

export const stringPool = [
  '',
  'a',
  'A',
  'ab',
  'abc',
  'b',
  'Ä',
  'ä',
  'äb',
  'Äb',
  '5',
  '5.0',
  'true',
  'null',
  '%',
  '_',
  '\\',
  'a%b',
  'a_b',
  'a\\b',
  '50%',
  'x\u0000y',
  '😀',
  '\uffff',
  'é',
  'e\u0301',
  "it's",
  '"q"',
  '[1]',
  '{"a":1}',
  'Ärger',
  'ärger',
  'İ',
  'i\u0307',
  'ß',
  'SS',
  'ΟΔΟΣ',
  'οδος',
  'Googlebot/2.1',
  'GOOGLEBOT',
  // A newline (`.` and `$` of a regex stop there), and letters that RE2 folds with s and k.
  'a\nb',
  '\u017f',
  '\u212a',
];
export const numberPool = [
  0,
  1,
  -1,
  5,
  5.5,
  -2.25,
  0.1,
  0.2,
  3,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 60,
  -(2 ** 60),
  1e21,
  123456789012,
  1e-7,
];
export const keyPool = ['a', 'b', 'n', 's', 'x.y', 'Ä', 'ä', '', 'tags', 'nested', 'q"k', '%_\\'];
const streams = ['s1', 's2', 'Ä', 'ä', 'a%b'];
const types = ['t1', 't2', 'Tx', 'ä'];
export const times = [0, 1, 2, 3, 5, 8, 13].map((m) => t0 + m * 60_000);

const scalar: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...stringPool) },
  { weight: 4, arbitrary: fc.constantFrom(...numberPool) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const { value } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.constantFrom(...keyPool), tie('value'), { maxKeys: 3 }),
    },
  ),
}));

const object: fc.Arbitrary<JsonObject> = fc.dictionary(fc.constantFrom(...keyPool), value, {
  minKeys: 2,
  maxKeys: 8,
  size: 'max',
});

const event: fc.Arbitrary<EventInput> = fc.record(
  {
    stream_id: fc.constantFrom(...streams),
    event_type: fc.constantFrom(...types),
    timestamp: fc.constantFrom(...times),
    payload: object,
    metadata: object,
    id: fc.constantFrom('id-1', 'id-2', 'Ä-id', 'x'),
  },
  { requiredKeys: ['stream_id', 'event_type', 'timestamp', 'payload'] },
);

/** Caller ids are made unique (a reused id with other content is a CONFLICT). */
export const dataset: fc.Arbitrary<EventInput[]> = fc
  .integer({ min: 10, max: 60 })
  .chain((n) => fc.array(event, { minLength: n, maxLength: n }))
  .map((events) => events.map((e, i) => (e.id === undefined ? e : { ...e, id: `${e.id}-${i}` })));

// --- queries ---------------------------------------------------------------------------------

export const jsonFields = [
  'payload.a',
  'a',
  'payload.b',
  'payload.n',
  's',
  'payload["x.y"]',
  'payload.Ä',
  'payload.ä',
  'payload[""]',
  'payload.tags',
  'payload.tags[0]',
  'payload.tags[1]',
  'payload.nested',
  'payload.nested.a',
  'payload.nested.b',
  'payload.a.a',
  'payload.a[0]',
  'payload.missing',
  'payload["q\\"k"]',
  "payload['%_\\']",
  'metadata.a',
  'metadata.n',
  'metadata.tags[0]',
];
const topFields = [
  'id',
  'stream_id',
  'streamId',
  'event_type',
  'eventType',
  'timestamp',
  'sequence_number',
  'sequenceNumber',
];

export interface QueryContextForArbs {
  instance: string;
  /** Ids of stored events, plus a few that match nothing. */
  ids: string[];
  /** Scalars that occur in the dataset: operands that match something. */
  values?: JsonValue[];
}

/** Every scalar in a dataset's payloads and metadata. */
export function scalarsOf(events: readonly EventInput[]): JsonValue[] {
  const out = new Set<JsonValue>();
  const visit = (v: JsonValue) => {
    if (v === null || typeof v !== 'object') out.add(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else Object.values(v).forEach(visit);
  };
  for (const e of events) {
    visit(e.payload ?? {});
    visit(e.metadata ?? {});
  }
  return [...out];
}

/** Operands of the text operators: pool strings, case variants, fragments, and 3+ letter words. */
const needle: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...stringPool),
  fc.constantFrom(
    '%',
    '_',
    '\\',
    'b',
    'ä',
    'Ä',
    '\u0000',
    'ss',
    'STRASSE',
    'ärg',
    'RGE',
    'oglebot',
  ),
  fc.constantFrom(...stringPool).map((s) => s.toUpperCase()),
  fc.constantFrom('s1', 'S2', 'T1', 'tx', 'ID-1', 'id-2-'),
);
/** Regular expressions in the accepted syntax. */
const pattern: fc.Arbitrary<string> = fc.constantFrom(
  'a',
  '^a',
  'b$',
  'a.b',
  '[äÄ]',
  '\\d',
  '^$',
  '5\\.0',
  '(a|b)c',
  '\\{',
  '%|_',
  '😀',
  '"',
  "'",
  'googlebot/\\d',
  'rger',
  '^s\\d$',
  'ß|ss',
  '^(id|x)-',
  '\\x00',
  // Case folding beyond ASCII (imatches), anchors and `.` around newlines, classes.
  'ärger',
  'ÄRGER$',
  'ΟΔΟΣ|σ',
  'İ',
  'i\u0307',
  '^.$',
  'a.b$',
  '^a$',
  'x.y',
  '\\w+',
  '\\bab',
  '[^a]',
  '\\s',
  '[a-zä]+$',
  's',
  'K',
  '\\x{17f}',
  '\\p{Lu}',
);

export function queryArb(ctx: QueryContextForArbs): fc.Arbitrary<Query> {
  const fieldArb = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...jsonFields) },
    { weight: 2, arbitrary: fc.constantFrom(...topFields) },
  );
  const instant = fc.oneof(
    fc.constantFrom(...times),
    fc.constantFrom(...times).map((t) => new Date(t).toISOString()),
    fc.constantFrom(...times).map((t) => t + 30_000),
  );
  const operandFor = (
    f: string,
  ): { scalar: fc.Arbitrary<JsonValue>; ordered: fc.Arbitrary<string | number> } => {
    if (f === 'timestamp') return { scalar: instant, ordered: instant };
    if (f === 'id') {
      const ids = fc.constantFrom(...ctx.ids);
      return { scalar: fc.oneof(ids, scalar), ordered: ids };
    }
    if (f.includes('stream') || f.includes('ventType') || f === 'event_type') {
      const names = fc.constantFrom(...streams, ...types, 'zz');
      return { scalar: fc.oneof(names, scalar), ordered: names };
    }
    const seen = (ctx.values ?? []).filter((v) => v !== null);
    const seenOrdered = seen.filter((v): v is string | number => typeof v !== 'boolean');
    return {
      scalar: seen.length > 0 ? fc.oneof(fc.constantFrom(...seen), scalar) : scalar,
      ordered: fc.oneof(
        ...(seenOrdered.length > 0 ? [fc.constantFrom(...seenOrdered)] : []),
        fc.constantFrom(...stringPool),
        fc.constantFrom(...numberPool),
      ),
    };
  };
  // Every operator of the table, by its operand kind: a new operator is generated (and so
  // compared with the reference) without a line here. Kinds are equally likely.
  const condition: fc.Arbitrary<WhereNode> = fieldArb.chain((field) => {
    const { scalar: s, ordered } = operandFor(field);
    const onTime = field === 'timestamp';
    const timeOrNull = fc.oneof(instant, fc.constant(null));
    const operands: Record<OperandKind, fc.Arbitrary<JsonValue>> = {
      scalar: onTime ? timeOrNull : s,
      orderable: ordered,
      // Mostly short lists (inline in the SQL), sometimes long ones (a bound JSON array).
      list: fc.oneof(
        { weight: 3, arbitrary: fc.array(onTime ? timeOrNull : s, { maxLength: 4 }) },
        {
          weight: 1,
          arbitrary: fc.array(onTime ? timeOrNull : s, {
            minLength: maxInlineValues + 1,
            maxLength: 3 * maxInlineValues,
          }),
        },
      ),
      range: onTime
        ? fc.tuple(instant, instant)
        : fc.oneof(
            fc.tuple(fc.constantFrom(...stringPool), fc.constantFrom(...stringPool)),
            fc.tuple(fc.constantFrom(...numberPool), fc.constantFrom(...numberPool)),
            ordered.map((x) => [x, x]),
          ),
      text: needle,
      pattern,
      flag: fc.boolean(),
    };
    // Text and pattern operands do not apply to timestamp (a validation error, not a query).
    const kinds = operandKinds.filter(
      (k) =>
        !(onTime && (k === 'text' || k === 'pattern')) &&
        operators.some((o) => operatorFacts[o].operand === k),
    );
    return fc
      .constantFrom(...kinds)
      .chain((kind) =>
        fc.constantFrom(...operators.filter((o) => operatorFacts[o].operand === kind)),
      )
      .chain((operator) =>
        operands[operatorFacts[operator].operand].map((value) => ({ field, operator, value })),
      );
  });
  /** Text search over every string of the event: each operator that takes "*". */
  const anyField: fc.Arbitrary<WhereNode> = fc
    .constantFrom(...anyFieldOperators)
    .chain((operator) =>
      (operatorFacts[operator].operand === 'pattern' ? pattern : needle).map((value) => ({
        field: '*',
        operator,
        value,
      })),
    );
  const { node } = fc.letrec<{ node: WhereNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: condition },
      { weight: 2, arbitrary: anyField },
      { weight: 1, arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((or) => ({ or })) },
      { weight: 1, arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((and) => ({ and })) },
      { weight: 1, arbitrary: tie('node').map((not) => ({ not })) },
    ),
  }));
  const groupKey: fc.Arbitrary<GroupKey> = fc.oneof(
    fieldArb,
    fc
      .constantFrom('1m', '2m', '5m', '1h', '1w')
      .map((interval) => ({ field: 'timestamp', interval })),
  );
  const reduce: fc.Arbitrary<Reduce> = fc
    .record(
      {
        type: fc.constantFrom('count', 'sum', 'avg', 'min', 'max', 'percentile', 'collect'),
        field: fieldArb,
        groupBy: fc.uniqueArray(groupKey, {
          maxLength: 2,
          selector: (k) => (typeof k === 'string' ? k : k.field),
        }),
        distinct: fc.boolean(),
        // Ranks at both ends, and p where n * p rounds above a whole number (0.07 of 100).
        p: fc.oneof(
          fc.constantFrom(0, 0.07, 0.14, 0.5, 0.9, 0.95, 0.99, 1),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
      },
      { requiredKeys: ['type', 'p'] },
    )
    .map((r) => validReduce(r, 'payload.n'));
  const maybe = <T>(arb: fc.Arbitrary<T>, percent: number) =>
    fc.integer({ min: 0, max: 99 }).chain((n) => (n < percent ? arb : fc.constant(undefined)));
  return fc
    .record({
      stream: maybe(fc.constantFrom(...streams, 'nope'), 20),
      where: maybe(fc.array(node, { minLength: 1, maxLength: 2 }), 70),
      select: maybe(
        fc.uniqueArray(
          fc.oneof(
            fieldArb,
            fc.constantFrom('payload', 'metadata', 'payload.nested', 'payload.tags[1]'),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        30,
      ),
      orderBy: maybe(
        fc.record(
          {
            field: fieldArb,
            direction: fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
          },
          { requiredKeys: ['field'] },
        ),
        50,
      ),
      limit: maybe(fc.integer({ min: 0, max: 25 }), 60),
      offset: maybe(fc.integer({ min: 0, max: 10 }), 30),
      reduce: maybe(reduce, 30),
    })
    .map((q) => {
      const query: Query = { from: { instance: ctx.instance } };
      if (q.stream !== undefined) query.from.stream = q.stream;
      if (q.where !== undefined) query.where = q.where;
      if (q.orderBy !== undefined) query.orderBy = q.orderBy;
      if (q.limit !== undefined) query.limit = q.limit;
      if (q.offset !== undefined) query.offset = q.offset;
      if (q.reduce !== undefined) query.reduce = q.reduce;
      else if (q.select !== undefined) query.select = q.select;
      return query;
    });
}
