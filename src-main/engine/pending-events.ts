import type { EventInput } from '../../src-shared/contract/operations';
import { parseInstant } from '../../src-shared/contract/instants';
import type { JsonObject } from '../../src-shared/contract/json-value';
import { EngineError } from './errors';
import { parseObject, type SerializedEvents } from './serialized-events';

export interface EngineLimits {
  /** Serialized payload + metadata of one event, in UTF-8 bytes. */
  maxEventBytes: number;
  /** Events in one appendEvents call. */
  maxBatchEvents: number;
}

/** One event after normalisation, ready to write. */
export interface PendingEvent {
  index: number;
  stream: string;
  type: string;
  payload: JsonObject;
  metadata: JsonObject;
  payloadJson: string;
  metadataJson: string;
  ts: number;
  explicitTs: boolean;
  userId: string | undefined;
  expectedSequence: number | undefined;
}

/** An event of a serialised batch, its payload and metadata parsed only when asked for. */
class SerializedPending implements PendingEvent {
  private parsed: { payload?: JsonObject; metadata?: JsonObject } = {};
  readonly expectedSequence = undefined;

  constructor(
    readonly index: number,
    readonly stream: string,
    readonly type: string,
    readonly payloadJson: string,
    readonly metadataJson: string,
    readonly ts: number,
    readonly explicitTs: boolean,
    readonly userId: string | undefined,
  ) {}

  get payload(): JsonObject {
    return (this.parsed.payload ??= parseObject(this.payloadJson));
  }

  get metadata(): JsonObject {
    return (this.parsed.metadata ??= parseObject(this.metadataJson));
  }
}

/** Names an event (and a key of it) in messages: `events[3].id` in a batch, `id` alone. */
export type EventPath = (index: number, key?: string) => string;

export const batchPath: EventPath = (i, key) => `events[${i}]${key ? `.${key}` : ''}`;
export const singlePath: EventPath = (_i, key) => key ?? 'event';

const kib = (n: number) => `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;

/**
 * The first half of an append, before the transaction: each event is checked against the
 * limits and normalised, so that a refused batch has written nothing.
 */
export class EventPreparer {
  constructor(private readonly limits: EngineLimits) {}

  /** Validates limits and normalises; throws before anything is written. */
  prepare(inputs: readonly EventInput[], at: EventPath): PendingEvent[] {
    this.checkBatchSize(inputs.length);
    const now = Date.now();
    return inputs.map((input, index) => {
      const payload: JsonObject = input.payload ?? {};
      const metadata: JsonObject = input.metadata ?? {};
      const payloadJson = JSON.stringify(payload);
      const metadataJson = JSON.stringify(metadata);
      this.checkSize(payloadJson, metadataJson, at, index);
      const explicitTs = input.timestamp !== undefined;
      return {
        index,
        stream: input.stream_id ?? input.streamId ?? 'default',
        type: input.event_type ?? input.eventType ?? 'event',
        payload,
        metadata,
        payloadJson,
        metadataJson,
        ts: explicitTs ? Math.floor(parseInstant(input.timestamp)!) : now,
        explicitTs,
        userId: input.id,
        expectedSequence: input.expectedSequence,
      };
    });
  }

  /**
   * The same as `prepare` for a serialised batch (serialized-events.ts): the batch limit and
   * each event's size are checked here; everything else was checked where it was made.
   */
  prepareSerialized(batch: SerializedEvents, at: EventPath): PendingEvent[] {
    this.checkBatchSize(batch.count);
    const now = Date.now();
    const { json, jsonEnds, ts, ids, streams, streamOf, types, typeOf } = batch;
    const out = new Array<PendingEvent>(batch.count);
    let start = batch.jsonStart;
    for (let i = 0; i < batch.count; i++) {
      const payloadEnd = jsonEnds[2 * i]!;
      const metadataEnd = jsonEnds[2 * i + 1]!;
      const payloadJson = json.slice(start, payloadEnd);
      const metadataJson = json.slice(payloadEnd, metadataEnd);
      start = metadataEnd;
      this.checkSize(payloadJson, metadataJson, at, i);
      const t = ts[i]!;
      const explicitTs = !Number.isNaN(t);
      out[i] = new SerializedPending(
        i,
        streams[streamOf[i]!]!,
        types[typeOf[i]!]!,
        payloadJson,
        metadataJson,
        explicitTs ? t : now,
        explicitTs,
        ids?.[i] ?? undefined,
      );
    }
    return out;
  }

  private checkBatchSize(count: number): void {
    if (count > this.limits.maxBatchEvents) {
      throw new EngineError(
        'LIMIT_EXCEEDED',
        `events: ${count} events in one batch; the limit is ${this.limits.maxBatchEvents}. Split the batch.`,
      );
    }
  }

  private checkSize(payloadJson: string, metadataJson: string, at: EventPath, index: number) {
    // Cheap bound first: a UTF-16 length can't exceed the UTF-8 byte length by more than 3x.
    const chars = payloadJson.length + metadataJson.length;
    if (chars * 3 > this.limits.maxEventBytes) {
      const bytes = Buffer.byteLength(payloadJson) + Buffer.byteLength(metadataJson);
      if (bytes > this.limits.maxEventBytes) {
        throw new EngineError(
          'LIMIT_EXCEEDED',
          `${at(index)}: payload and metadata take ${kib(bytes)}; the limit is ` +
            `${kib(this.limits.maxEventBytes)} per event`,
        );
      }
    }
  }
}
