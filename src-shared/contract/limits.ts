/**
 * Limits of the contract. The engine's write limits are configurable (EngineLimits in src-main);
 * these are the defaults and the structural bounds every boundary enforces.
 */
export const defaultLimits = {
  /** Serialized payload + metadata of one event, in UTF-8 bytes. */
  maxEventBytes: 1024 * 1024,
  /** Events in one appendEvents call. */
  maxBatchEvents: 10_000,
} as const;

export const structuralLimits = {
  maxNameLength: 200,
  maxDescriptionLength: 10_000,
  maxStreamIdLength: 512,
  maxEventTypeLength: 256,
  maxEventIdLength: 200,
  maxRequestIdLength: 200,
  /** Nesting depth of payload and metadata values. */
  maxJsonDepth: 64,
  /** How deep and/or/not groups nest in a query's where: a condition inside 32 groups. */
  maxConditionDepth: 32,
  /** Conditions and groups in a query's where, together. */
  maxConditions: 1_000,
  /** Values in one in/nin list. */
  maxInValues: 10_000,
  /**
   * Values in all in/nin lists of a query together: a hundred full lists. It bounds the work of
   * one query (each 10,000 values cost about 10 ms per statement) and keeps the largest query
   * well inside a transport's 64 MiB body.
   */
  maxInValuesPerQuery: 1_000_000,
  /** A field name, in characters, and its steps as written (`payload` is one). */
  maxFieldPathLength: 1_000,
  maxFieldPathSteps: 32,
  maxSelectFields: 200,
  maxGroupByKeys: 8,
  /** A contains/startsWith operand, in UTF-16 code units (JavaScript's string length). */
  maxTextOperandLength: 64 * 1024,
  /**
   * A search term: the operand of an operator the text index narrows (operators.ts: textIndex)
   * and of any operator on `*`, in UTF-16 code units. Its trigrams become one FTS5 phrase.
   */
  maxSearchTermLength: 1_000,
} as const;

/** Query paging: the default and the maximum number of rows (or groups) one call returns. */
export const queryLimits = {
  defaultLimit: 100,
  maxLimit: 10_000,
} as const;

/** A count or a limit as the error sentences write it: 10,000. */
export function limitText(n: number): string {
  return n.toLocaleString('en-US');
}
