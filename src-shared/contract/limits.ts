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
  /** Nesting depth of OR/NOT groups in a query. */
  maxConditionDepth: 32,
  maxConditions: 1_000,
  maxInValues: 10_000,
  maxFieldPathLength: 1_000,
  maxSelectFields: 200,
  maxGroupByKeys: 8,
  maxQueryStringBytes: 64 * 1024,
} as const;

/** Query paging: the default and the maximum number of rows (or groups) one call returns. */
export const queryLimits = {
  defaultLimit: 100,
  maxLimit: 10_000,
} as const;
