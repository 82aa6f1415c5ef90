import type { JsonObject, JsonValue } from './json-value';
import type { InstanceMirrorStatus } from './mirror-status';

export interface Instance {
  id: string;
  name: string;
  description?: string;
  /** ISO 8601 UTC with milliseconds. */
  createdAt: string;
  updatedAt: string;
}

/** An immutable event. The mixed naming is the seed API's. */
export interface EventRecord {
  id: string;
  instanceId: string;
  stream_id: string;
  event_type: string;
  payload: JsonObject;
  metadata: JsonObject;
  /** ISO 8601 UTC with milliseconds: when the event happened. */
  timestamp: string;
  /** Per stream, from 1, without gaps. */
  sequence_number: number;
}

/** An event reduced to the fields a query selected (payload paths nested). */
export type SelectedEvent = { [key: string]: JsonValue };

export interface TypeCount {
  eventType: string;
  count: number;
}

export interface InstanceStats {
  instanceId: string;
  name: string;
  description?: string;
  eventCount: number;
  createdAt: string;
  updatedAt: string;
  /** [ext] */
  streamCount: number;
  eventTypes: TypeCount[];
  firstEventAt: string | null;
  lastEventAt: string | null;
  /** Bytes of the whole database file (with its WAL); instances share one file. */
  databaseSizeBytes: number;
  /** [ext] Bytes of the columnar mirror beside it (`<db>.mirror.duckdb`; 0 when none). */
  mirrorSizeBytes: number;
  /**
   * [ext] How far the columnar mirror is with this instance, from a host that keeps one (the
   * app, `serve`); absent otherwise.
   */
  mirror?: InstanceMirrorStatus;
}

export interface AggregationGroup {
  /** The group's value of each groupBy field, named as the query names it (null: missing). */
  key: { [field: string]: JsonValue };
  value: JsonValue;
  /** Events in the group. */
  count: number;
  /** [ext] collect: how many values the group collected (`value` holds at most `limit`). */
  valueCount?: number;
}

export interface PlainAggregation {
  type: string;
  field?: string;
  distinct?: boolean;
  /** [ext] percentile: the p asked for (0 to 1). */
  p?: number;
  value: JsonValue;
  /** [ext] collect: how many values were collected; `value` is one page (limit/offset). */
  valueCount?: number;
}

export interface GroupedAggregation {
  type: string;
  field?: string;
  distinct?: boolean;
  /** [ext] percentile: the p asked for (0 to 1). */
  p?: number;
  groupBy: (string | { field: string; interval: string })[];
  groups: AggregationGroup[];
  /** [ext] The exact number of groups; `groups` is one page of them (limit/offset). */
  groupCount: number;
}

export type Aggregation = PlainAggregation | GroupedAggregation;

export interface QueryResult {
  events?: (EventRecord | SelectedEvent)[];
  aggregation?: Aggregation;
  /**
   * The exact number of matching events. [ext] null only when the query asked for
   * `total: false` and no count kept on append could give it without a scan.
   */
  total: number | null;
  limit: number;
  offset: number;
  /** [ext] Pass as `cursor` to get the next page; null on the last page. */
  nextCursor?: string | null;
  /**
   * [ext] Pass as `cursor` to get the page before this one (in the query's order, ending just
   * before this page's first row); null when no event comes before it.
   */
  prevCursor?: string | null;
  /** [ext] Milliseconds the engine spent on the query. */
  tookMs?: number;
  /**
   * [ext] Which store answered, where a host runs the columnar mirror: `sqlite` (the log
   * itself) or `mirror` (its DuckDB mirror, for aggregations and scans over payload fields).
   * The answer is the same either way (docs/mirror.md).
   */
  engine?: 'sqlite' | 'mirror';
}

/** The result of a query that did not ask to skip its total: `total` is always a number. */
export type CountedQueryResult = QueryResult & { total: number };
