/**
 * fast-check arbitraries of valid DSL queries over every feature the builder must show:
 * stream, every operator with typed operands, AND/OR/NOT groups nested a few levels, select,
 * order, limit, and aggregations with group keys, time buckets and distinct.
 */
import fc from 'fast-check';
import type { JsonPrimitive } from '../../src-shared/contract/json-value';
import {
  querySchema,
  type Condition,
  type GroupKey,
  type Query,
  type Reduce,
  type WhereNode,
} from '../../src-shared/contract/query';

const strings = ['', 'a', 'login', 'Ä', '5', 'true', 'null', "it's", '"q"', 'a b', '%_\\', '😀'];
const numbers = [0, 1, -1, 5, 5.5, -2.25, 1e21, 2 ** 53, 1e-7];
const patterns = ['^GET /', 'Googlebot/\\d\\.\\d', '(timeout|timed out)', '[äÄ]rger', '\\{"'];
const fields = [
  'event_type',
  'stream_id',
  'sequence_number',
  'id',
  'payload.user.id',
  'payload.amount',
  'metadata.source',
  'amount',
  'payload["id.orig_h"]',
  'payload.tags[0]',
  "payload['a b']",
  'eventType',
];
const times = ['2026-01-10T00:00:00.000Z', '2026-01-11T12:00:00Z', 1767225600000, 1767312000000];

const scalar: fc.Arbitrary<JsonPrimitive> = fc.oneof(
  fc.constantFrom(...strings),
  fc.constantFrom(...numbers),
  fc.boolean(),
  fc.constant(null),
);
const orderable: fc.Arbitrary<string | number> = fc.oneof(
  fc.constantFrom(...strings),
  fc.constantFrom(...numbers),
);

const payloadCondition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    field: fc.constantFrom(...fields),
    operator: fc.constantFrom('eq' as const, 'neq' as const),
    value: scalar,
  }),
  fc.record({
    field: fc.constantFrom(...fields),
    operator: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const),
    value: orderable,
  }),
  fc.record({
    field: fc.constantFrom(...fields),
    operator: fc.constantFrom(
      'contains' as const,
      'startsWith' as const,
      'icontains' as const,
      'istartsWith' as const,
      'ieq' as const,
    ),
    value: fc.constantFrom(...strings),
  }),
  fc.record({
    field: fc.constantFrom(...fields),
    operator: fc.constantFrom('matches' as const, 'imatches' as const),
    value: fc.constantFrom(...patterns),
  }),
  // Text search over every string of the event.
  fc.record({
    field: fc.constant('*'),
    operator: fc.constantFrom('contains' as const, 'icontains' as const),
    value: fc.constantFrom(...strings),
  }),
  fc.record({
    field: fc.constant('*'),
    operator: fc.constantFrom('matches' as const, 'imatches' as const),
    value: fc.constantFrom(...patterns),
  }),
  fc.record({
    field: fc.constantFrom(...fields),
    operator: fc.constantFrom('in' as const, 'nin' as const),
    value: fc.array(scalar, { maxLength: 4 }),
  }),
  fc.record({
    field: fc.constantFrom(...fields),
    operator: fc.constant('between' as const),
    value: fc.oneof(
      fc.tuple(fc.constantFrom(...numbers), fc.constantFrom(...numbers)),
      fc.tuple(fc.constantFrom(...strings), fc.constantFrom(...strings)),
    ),
  }),
  fc.record({
    field: fc.constantFrom(...fields),
    operator: fc.constant('exists' as const),
    value: fc.boolean(),
  }),
);

const timeCondition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    field: fc.constantFrom('timestamp'),
    operator: fc.constant('between' as const),
    value: fc.tuple(fc.constantFrom(...times), fc.constantFrom(...times)),
  }),
  fc.record({
    field: fc.constant('timestamp'),
    operator: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const),
    value: fc.constantFrom(...times),
  }),
);

export const condition: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 5, arbitrary: payloadCondition },
  { weight: 1, arbitrary: timeCondition },
);

/** Plain JSON objects (fast-check builds records without a prototype). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const whereNodeRaw: fc.Arbitrary<WhereNode> = fc.letrec<{ node: WhereNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: condition },
    { weight: 1, arbitrary: fc.record({ or: fc.array(tie('node'), { maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ and: fc.array(tie('node'), { maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ not: tie('node') }) },
  ),
})).node;

export const whereNode: fc.Arbitrary<WhereNode> = whereNodeRaw.map(plain);

const groupKey: fc.Arbitrary<GroupKey> = fc.oneof(
  fc.constantFrom('event_type', 'stream_id', 'payload.user.id', 'metadata.source'),
  fc.record({
    field: fc.constant('timestamp'),
    interval: fc.constantFrom('1m', '5m', '1h', '1d', '1w'),
  }),
);

const reduce: fc.Arbitrary<Reduce> = fc
  .record(
    {
      type: fc.constantFrom(
        'count' as const,
        'sum' as const,
        'avg' as const,
        'min' as const,
        'max' as const,
        'collect' as const,
      ),
      field: fc.constantFrom('payload.amount', 'amount', 'payload.user.id'),
      groupBy: fc.uniqueArray(groupKey, {
        maxLength: 3,
        selector: (k) => (typeof k === 'string' ? k : k.field),
      }),
      distinct: fc.boolean(),
    },
    { requiredKeys: ['type'] },
  )
  .map((r) => {
    const out: Reduce = { type: r.type };
    if (r.field !== undefined || r.type !== 'count') out.field = r.field ?? 'payload.amount';
    if (r.groupBy && r.groupBy.length > 0) out.groupBy = r.groupBy;
    if (r.distinct && (r.type === 'count' || r.type === 'collect') && out.field)
      out.distinct = true;
    return out;
  });

/** Valid queries (checked with the contract's schema, so a test cannot pass on junk). */
export const query = (instance: string): fc.Arbitrary<Query> =>
  fc
    .record(
      {
        stream: fc.constantFrom('default', 'order-1', 'a b'),
        where: fc.array(whereNode, { maxLength: 4 }),
        select: fc.uniqueArray(
          fc.constantFrom('event_type', 'payload.amount', 'payload["id.orig_h"]'),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        orderBy: fc.record(
          {
            field: fc.constantFrom('timestamp', 'payload.amount', 'event_type'),
            direction: fc.constantFrom('asc' as const, 'desc' as const),
          },
          { requiredKeys: ['field'] },
        ),
        limit: fc.integer({ min: 0, max: 10_000 }),
        reduce,
      },
      { requiredKeys: [] },
    )
    .map((r) => {
      const q: Query = { from: { instance } };
      if (r.stream !== undefined) q.from.stream = r.stream;
      if (r.where !== undefined && r.where.length > 0) q.where = r.where;
      if (r.reduce !== undefined) q.reduce = r.reduce;
      else if (r.select !== undefined) q.select = r.select;
      if (r.orderBy !== undefined) q.orderBy = r.orderBy;
      if (r.limit !== undefined) q.limit = r.limit;
      return q;
    })
    .map(plain)
    .filter((q) => querySchema.safeParse(q).success);
