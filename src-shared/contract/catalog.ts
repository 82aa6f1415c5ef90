/**
 * [ext] Catalog reads for browsing: the streams of an instance and the fields found in its
 * events. The DSL could answer neither exactly and fast (a group-by over millions of events
 * per scroll), so they are operations of their own, answered from tables the engine keeps.
 */

export const streamOrderFields = ['name', 'count', 'lastEvent'] as const;
export type StreamOrderField = (typeof streamOrderFields)[number];

export interface StreamSummary {
  streamId: string;
  /** Exact: sequence numbers have no gaps, so the last one is the count. */
  eventCount: number;
  /** ISO 8601 UTC: the earliest and latest event time in the stream. */
  firstEventAt: string;
  lastEventAt: string;
}

export interface StreamList {
  streams: StreamSummary[];
  /** The exact number of streams that match `nameContains`, before limit/offset. */
  total: number;
  limit: number;
  offset: number;
}

/** What a JSON value is, as the field catalog records it. */
export const fieldValueTypes = ['string', 'number', 'boolean', 'null', 'array'] as const;
export type FieldValueType = (typeof fieldValueTypes)[number];

export interface FieldInfo {
  /** A DSL field: `payload.user.id`, `metadata.traceId`, `payload["id.orig_h"]`. */
  path: string;
  /** The types seen at this path, most frequent first. */
  types: FieldValueType[];
  /** Events in which the path holds a value (null included). */
  count: number;
}

export interface FieldCatalog {
  /** Every payload and metadata path found, sorted by path. Arrays are leaves. */
  fields: FieldInfo[];
  /** Events the catalog covers: all events of the instance when the call answered. */
  scannedEvents: number;
}

/** Default and maximum page size of listStreams. */
export const streamListLimits = { defaultLimit: 100, maxLimit: 10_000 } as const;
