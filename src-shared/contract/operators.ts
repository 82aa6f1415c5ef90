/**
 * The DSL's operators and the facts about them that more than one place needs. Whatever lists
 * or describes operators reads this table (validation, the builder, chips, the index advisor,
 * the tests' query generators); whatever gives an operator its meaning (the SQL compiler, the
 * reference evaluator) switches over it exhaustively and ends in `unreachable`.
 *
 * To add an operator: add its entry here, then `npm run typecheck` names every place that must
 * give it a meaning (the compiler's switches in where-compiler.ts and the reference evaluator);
 * add it to the operator table of docs/query-dsl.md (a test checks). With `mirror: false` the
 * columnar mirror never sees it (queries using it are answered by SQLite); `mirror: true` also
 * needs its meaning in the mirror's compiler (src-main/engine/mirror/mirror-where.ts, which the
 * type check then names). The differential test and
 * the limits test then cover it without further lines. An operator that is the negation of
 * another needs only its entry, with `negates`.
 */

/** The kinds of value a field holds, as the builder knows them (`timestamp` is an instant). */
export const fieldKinds = [
  'string',
  'number',
  'boolean',
  'null',
  'object',
  'array',
  'instant',
] as const;
export type FieldKind = (typeof fieldKinds)[number];

/**
 * The operand an operator takes; validation checks it, and the builder picks its editor, by
 * this kind alone.
 *   scalar     a string, number, boolean or null
 *   orderable  a number or a string
 *   text       a string; never on `timestamp` (an instant has no text)
 *   pattern    a regular expression (a string) in the RE2 syntax docs/query-dsl.md accepts
 *              (src-shared/search/regex-syntax.ts); never on `timestamp`
 *   list       an array of at most `maxInValues` scalars
 *   range      [low, high]: both numbers or both strings
 *   flag       true or false
 * On `timestamp`, every scalar, orderable, list item and bound is an instant instead.
 */
export const operandKinds = [
  'scalar',
  'orderable',
  'text',
  'pattern',
  'list',
  'range',
  'flag',
] as const;
export type OperandKind = (typeof operandKinds)[number];

/**
 * How an index on the field's typed value serves the operator (the index advisor):
 *   seek   looks the listed values up
 *   range  scans one range of the index
 *   read   reads every value, from the index instead of each event's JSON
 *   none   reads every value anyway, and an index of long strings costs more than it saves
 */
export type IndexUse = 'seek' | 'range' | 'read' | 'none';

interface Facts<Name extends string> {
  /** The builder's operator picker shows this. */
  label: string;
  /** A chip (and any one-line summary) shows `field <chip> value`; one vocabulary with `label`. */
  chip: string;
  operand: OperandKind;
  /** The kinds of field the builder offers it for: a field seen with several gets the union. */
  offeredFor: readonly FieldKind[];
  index: IndexUse;
  /**
   * Whether it also takes the field `*` [ext]: every string stored in the event (stream id,
   * event type, a caller-supplied id, the string values of payload and metadata at any depth),
   * matching when one of them does.
   */
  anyField: boolean;
  /**
   * Whether the instance's trigram text index narrows it on any field (search/text-index.ts in
   * the engine). Its operand is then a search term, at most `maxSearchTermLength` long, as is
   * every operand on `*` (which the index always narrows).
   */
  textIndex: boolean;
  /**
   * Whether the columnar mirror can answer a condition with it on one field (never on `*`); a
   * `where` with any operator it cannot answer goes to SQLite. The case-folding operators are
   * JavaScript functions of the engine's (foldCase), which the mirror does not have; the regex
   * operators are RE2 on both sides, and the mirror still declines the patterns whose meaning
   * differs between its RE2 and the engine's (src-main/engine/mirror/mirror-regex.ts).
   */
  mirror: boolean;
  /**
   * The operator this one is the exact negation of (it matches every event that one does not,
   * including events without the field). The compiler and the reference evaluator handle it
   * as `not` of that operator, so it needs no meaning of its own.
   */
  negates?: Name;
}

const comparable = ['instant', 'number', 'string'] as const;
const scalars = ['instant', 'number', 'string', 'boolean', 'null'] as const;
const listable = ['instant', 'number', 'string', 'boolean'] as const;

/** The facts most operators share: one field at a time, no text index, the mirror answers. */
const plain = { anyField: false, textIndex: false, mirror: true } as const;
/** The search operators (issue 20): case folding or RE2, narrowed by the text index. */
const search = { textIndex: true, mirror: false } as const;
/** The regex operators: RE2 in the engine and in the mirror (DuckDB's regexp_matches). */
const regex = { textIndex: true, mirror: true } as const;

/** In the order the builder offers them. */
const table = {
  eq: { label: '=', chip: '=', operand: 'scalar', offeredFor: scalars, index: 'seek', ...plain },
  neq: {
    label: '≠',
    chip: '≠',
    operand: 'scalar',
    offeredFor: scalars,
    index: 'read',
    negates: 'eq',
    ...plain,
  },
  gt: {
    label: '>',
    chip: '>',
    operand: 'orderable',
    offeredFor: comparable,
    index: 'range',
    ...plain,
  },
  gte: {
    label: '≥',
    chip: '≥',
    operand: 'orderable',
    offeredFor: comparable,
    index: 'range',
    ...plain,
  },
  lt: {
    label: '<',
    chip: '<',
    operand: 'orderable',
    offeredFor: comparable,
    index: 'range',
    ...plain,
  },
  lte: {
    label: '≤',
    chip: '≤',
    operand: 'orderable',
    offeredFor: comparable,
    index: 'range',
    ...plain,
  },
  between: {
    label: 'between',
    chip: 'between',
    operand: 'range',
    offeredFor: comparable,
    index: 'range',
    ...plain,
  },
  in: {
    label: 'is one of',
    chip: 'is one of',
    operand: 'list',
    offeredFor: listable,
    index: 'seek',
    ...plain,
  },
  nin: {
    label: 'is not one of',
    chip: 'is not one of',
    operand: 'list',
    offeredFor: listable,
    index: 'read',
    negates: 'in',
    ...plain,
  },
  contains: {
    label: 'contains',
    chip: 'contains',
    operand: 'text',
    offeredFor: ['string'],
    index: 'none',
    // On `*` the text index narrows it; on one field it keeps its plain SQL (instr).
    ...plain,
    anyField: true,
  },
  icontains: {
    label: 'contains (any case)',
    chip: 'contains (any case)',
    operand: 'text',
    offeredFor: ['string'],
    index: 'none',
    anyField: true,
    ...search,
  },
  startsWith: {
    label: 'starts with',
    chip: 'starts with',
    operand: 'text',
    offeredFor: ['string'],
    index: 'range',
    ...plain,
  },
  istartsWith: {
    label: 'starts with (any case)',
    chip: 'starts with (any case)',
    operand: 'text',
    offeredFor: ['string'],
    index: 'none',
    anyField: false,
    ...search,
  },
  ieq: {
    label: '= (any case)',
    chip: '= (any case)',
    operand: 'text',
    offeredFor: ['string'],
    index: 'none',
    anyField: false,
    ...search,
  },
  matches: {
    label: 'matches regex',
    chip: 'matches',
    operand: 'pattern',
    offeredFor: ['string'],
    index: 'none',
    anyField: true,
    ...regex,
  },
  imatches: {
    label: 'matches regex (any case)',
    chip: 'matches (any case)',
    operand: 'pattern',
    offeredFor: ['string'],
    index: 'none',
    anyField: true,
    ...regex,
  },
  exists: {
    label: 'exists',
    chip: 'exists',
    operand: 'flag',
    offeredFor: ['number', 'string', 'boolean', 'null', 'object', 'array'],
    index: 'read',
    ...plain,
  },
} as const satisfies Record<string, Facts<string>>;

export type Operator = keyof typeof table;

export const operators = Object.keys(table) as Operator[];

/** Operators the columnar mirror gives SQLite's meaning (`mirror: true`). */
export type MirroredOperator = {
  [Op in Operator]: (typeof table)[Op] extends { mirror: true } ? Op : never;
}[Operator];

/** Operators defined as the negation of another (neq, nin). */
export type NegatingOperator = {
  [Op in Operator]: (typeof table)[Op] extends { negates: string } ? Op : never;
}[Operator];

/** Operators with a meaning of their own: the ones the compiler and the evaluator define. */
export type BaseOperator = Exclude<Operator, NegatingOperator>;

export type OperatorFacts = Facts<BaseOperator>;

/** Every operator's facts; the type checks that `negates` names a base operator. */
export const operatorFacts: { readonly [Op in Operator]: OperatorFacts } = table;

/** Operators that test a string: their operand is text or a pattern (none negates another). */
export type TextOperator = {
  [Op in BaseOperator]: (typeof table)[Op]['operand'] extends 'text' | 'pattern' ? Op : never;
}[BaseOperator];

export const textOperators = operators.filter((op): op is TextOperator => {
  const operand = operatorFacts[op].operand;
  return operand === 'text' || operand === 'pattern';
});

/**
 * Whether `op` tests a string. Where every text operator is handled alike, test this before
 * the switch over the others: the switch then need not list them, and stays exhaustive.
 */
export const isTextOperator = (op: Operator): op is TextOperator =>
  (textOperators as readonly Operator[]).includes(op);

/** Operators that take the field `*` (every string in the event). */
export const anyFieldOperators = operators.filter((op) => operatorFacts[op].anyField);

/**
 * An operator as the operator it is the negation of, if any: `{ op: 'eq', negated: true }` for
 * neq, `{ op: 'gt', negated: false }` for gt.
 */
export function baseOperator(op: Operator): { op: BaseOperator; negated: boolean } {
  const negates = operatorFacts[op].negates;
  // Without `negates`, op is not a NegatingOperator by that type's definition.
  return negates ? { op: negates, negated: true } : { op: op as BaseOperator, negated: false };
}

/** Whether the columnar mirror may answer a condition with `op` (false for unknown names). */
export function isMirrored(op: string): op is MirroredOperator {
  return Object.hasOwn(operatorFacts, op) && operatorFacts[op as Operator].mirror;
}
