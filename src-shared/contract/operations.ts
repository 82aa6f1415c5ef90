import { z } from 'zod';
import { streamListLimits, streamOrderFields, type FieldCatalog, type StreamList } from './catalog';
import type { EnvelopeOf, FailureEnvelope } from './envelope';
import { parseInstant } from './instants';
import { jsonObjectSchema } from './json-value';
import { structuralLimits as L } from './limits';
import { querySchema } from './query';
import type { EventRecord, Instance, InstanceStats, QueryResult } from './records';
import { wellFormedText } from './well-formed';

/** True when no character is a C0 control character or DEL. */
const noControlChars = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
};

const text = (max: number, what: string) =>
  wellFormedText(
    z
      .string()
      .min(1, { message: `${what} must not be empty` })
      .max(max, { message: `${what} must be at most ${max} characters` }),
  );

const instanceName = text(L.maxNameLength, 'name')
  .refine((s) => s.trim().length > 0, { message: 'name must not be blank' })
  .refine(noControlChars, { message: 'name must not contain control characters' });
const description = wellFormedText(
  z.string().max(L.maxDescriptionLength, {
    message: `description must be at most ${L.maxDescriptionLength} characters`,
  }),
);
/** An instance id, or [ext] its unique name. */
const instanceRef = text(L.maxNameLength, 'instanceId');
const streamId = text(L.maxStreamIdLength, 'stream id').refine(noControlChars, {
  message: 'stream id must not contain control characters',
});
const eventType = text(L.maxEventTypeLength, 'event type').refine(noControlChars, {
  message: 'event type must not contain control characters',
});
const eventId = text(L.maxEventIdLength, 'id').refine(noControlChars, {
  message: 'id must not contain control characters',
});
const timestampInput = z.union([z.string(), z.number()]).refine((v) => parseInstant(v) !== null, {
  message: 'must be an ISO 8601 time or epoch milliseconds',
});

/** One event to append. Both spellings of stream and type are accepted; snake_case wins. */
export const eventInputSchema = z.strictObject({
  stream_id: streamId.optional(),
  streamId: streamId.optional(),
  event_type: eventType.optional(),
  eventType: eventType.optional(),
  payload: jsonObjectSchema.optional(),
  metadata: jsonObjectSchema.optional(),
  /** [ext] When the event happened (ISO 8601 or epoch ms); default now. */
  timestamp: timestampInput.optional(),
  /** [ext] Makes the append idempotent. */
  id: eventId.optional(),
  /** [ext] The stream's last sequence number before this event (0: the stream is new). */
  expectedSequence: z.int().min(0).optional(),
});
export type EventInput = z.input<typeof eventInputSchema>;

export const paramsSchemas = {
  createInstance: z.strictObject({ name: instanceName, description: description.optional() }),
  getInstance: z.strictObject({ instanceId: instanceRef }),
  listInstances: z.strictObject({}),
  updateInstance: z.strictObject({
    instanceId: instanceRef,
    name: instanceName.optional(),
    description: description.optional(),
  }),
  deleteInstance: z.strictObject({ instanceId: instanceRef }),
  appendEvent: eventInputSchema.extend({
    instanceId: instanceRef,
    autoCreateInstance: z.boolean().optional(),
  }),
  appendEvents: z.strictObject({
    instanceId: instanceRef,
    events: z.array(eventInputSchema),
    autoCreateInstance: z.boolean().optional(),
  }),
  queryEvents: z.strictObject({ query: querySchema }),
  getInstanceStats: z.strictObject({ instanceId: instanceRef }),
  /** [ext] The streams of an instance with their counts, filtered by name, sorted, paged. */
  listStreams: z.strictObject({
    instanceId: instanceRef,
    /** Case-insensitive (ASCII) substring of the stream name; `%` and `_` are plain text. */
    nameContains: wellFormedText(z.string().max(L.maxStreamIdLength)).optional(),
    orderBy: z.enum(streamOrderFields).optional(),
    /** Default: ascending for name, descending for count and lastEvent. */
    direction: z.enum(['asc', 'desc']).optional(),
    limit: z.int().min(0).max(streamListLimits.maxLimit).optional(),
    offset: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  }),
  /** [ext] Every payload and metadata path in the instance's events, with types and counts. */
  describeFields: z.strictObject({ instanceId: instanceRef }),
  /**
   * [ext] Cancels a queryEvents call still running (or queued) by the requestId it was made
   * with; that call then answers with code CANCELLED. `cancelled: false` when no such query is
   * in flight (it finished, or never came): cancelling is always safe to try.
   */
  cancel: z.strictObject({ requestId: text(L.maxRequestIdLength, 'requestId') }),
} as const;

export type OperationName = keyof typeof paramsSchemas;
export const operationNames = Object.keys(paramsSchemas) as OperationName[];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(paramsSchemas, name);
}

/** What a caller sends. */
export type ParamsOf<Op extends OperationName> = z.input<(typeof paramsSchemas)[Op]>;
/** What the engine receives after validation. */
export type ValidParamsOf<Op extends OperationName> = z.output<(typeof paramsSchemas)[Op]>;

/** `data` of a successful envelope, per operation. */
export interface OperationData {
  createInstance: { instance: Instance };
  getInstance: { instance: Instance };
  listInstances: { instances: Instance[] };
  updateInstance: { instance: Instance };
  deleteInstance: { instance: Instance; deletedEvents: number };
  appendEvent: { event: EventRecord };
  appendEvents: { events: EventRecord[]; count: number };
  queryEvents: { result: QueryResult };
  getInstanceStats: InstanceStats;
  listStreams: StreamList;
  describeFields: FieldCatalog;
  cancel: { cancelled: boolean };
}

export type EnvelopeFor<Op extends OperationName> = EnvelopeOf<Op, OperationData[Op]>;
export type AnyEnvelope = { [Op in OperationName]: EnvelopeFor<Op> }[OperationName];
/** What a transport may answer: one of the operations, or a failure for an unknown operation. */
export type WireEnvelope = AnyEnvelope | FailureEnvelope<string>;

/** Per call, beside the parameters. */
export interface CallOptions {
  /**
   * The call's requestId (echoed in the envelope), chosen by the caller so that it can cancel
   * the call later with `cancel({ requestId })`. At most 200 characters; default: a fresh one.
   */
  requestId?: string;
}

/** The client API both transports implement (preload bridge and HTTP). */
export type EventLogApi = {
  [Op in OperationName]: (params: ParamsOf<Op>, options?: CallOptions) => Promise<EnvelopeFor<Op>>;
};
