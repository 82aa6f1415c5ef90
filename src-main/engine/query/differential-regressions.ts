import type { EventInput } from '../../../src-shared/contract/operations';
import type { Query } from '../../../src-shared/contract/query';

/**
 * (dataset, query) pairs replayed on every run: cases on which a version of the compiler once
 * disagreed with the reference evaluator (add the printed dataset and shrunk query of any new
 * failure here). `from.instance` is replaced by the test's instance.
 */
const from = { instance: 'replaced' };
const mixed: EventInput[] = [
  { payload: { a: 9007199254740992, tags: ['%', 'x'] } },
  { payload: { a: '9007199254740992', tags: '50%' } },
  { payload: { a: true, tags: [1] } },
  { payload: { a: 1, b: null } },
  { payload: {} },
];

export const regressionCases: { name: string; events: EventInput[]; query: Query }[] = [
  {
    // A negated condition on a NULL typed value was "unknown" and dropped events without `a`.
    name: 'nin keeps events without the field',
    events: mixed,
    query: {
      from,
      where: [{ field: 'payload.a', operator: 'nin', value: [9007199254740992] }],
      orderBy: { field: 'payload.a' },
      reduce: { type: 'count' },
    },
  },
  {
    // json_extract gives an array's JSON text: contains matched ["%","x"] without a type check.
    name: 'contains ignores arrays whose JSON text contains the operand',
    events: mixed,
    query: { from, where: [{ field: 'payload.tags', operator: 'contains', value: '%' }] },
  },
  {
    // json_extract gives 1 for true: booleans must not equal or order as numbers.
    name: 'true is not 1',
    events: mixed,
    query: {
      from,
      where: [{ not: { field: 'a', operator: 'eq', value: 1 } }],
      orderBy: { field: 'a', direction: 'desc' },
      select: ['payload.a'],
    },
  },
  {
    // json_each reads -1152921504606847000 as that exact INTEGER, but the stored number is the
    // double -1152921504606846976: a long list (bound as JSON) missed it.
    name: 'a long in list matches whole numbers beyond 2^53',
    events: [
      { payload: { n: -1152921504606847000 } },
      { payload: { n: 2 ** 60 } },
      { payload: {} },
    ],
    query: {
      from,
      where: [
        {
          field: 'payload.n',
          operator: 'in',
          value: ['', -1, -1, '', -1, -1152921504606847000, 2 ** 60, '', -1, -1],
        },
      ],
    },
  },
];
