import type { JsonObject } from '../../src-shared/contract/json-value';

/**
 * A batch of events already mapped, checked and serialised elsewhere (an import's parser, on
 * a thread of its own), column by column: a few strings and typed arrays instead of an object
 * per event and a tree per payload, so that it crosses threads in one copy and the writing
 * thread makes little garbage. EventPreparer.prepareSerialized (pending-events.ts) reads it.
 */
export interface SerializedEvents {
  count: number;
  /** The distinct stream names and event types, and each event's index into them. */
  streams: string[];
  streamOf: Int32Array;
  types: string[];
  typeOf: Int32Array;
  /** Epoch ms, as append normalises an input timestamp; NaN: none (the append time). */
  ts: Float64Array;
  /** Caller-supplied ids (null: none); null when no event has one. */
  ids: (string | null)[] | null;
  /** Every event's payload JSON then metadata JSON, back to back, from `jsonStart`. */
  json: string;
  jsonStart: number;
  /** Two per event: where its payload JSON ends and where its metadata JSON ends. */
  jsonEnds: Int32Array;
  /**
   * The field catalog's counts of exactly these events (`path\u0000type` -> n, as
   * CatalogTally.counts gives them), or null: the writer then counts them itself.
   */
  catalog: [string, number][] | null;
}

/** Events lo..hi-1 of a batch (their catalog counts are then unknown). */
export function sliceSerialized(batch: SerializedEvents, lo: number, hi: number): SerializedEvents {
  if (lo === 0 && hi === batch.count) return batch;
  return {
    count: hi - lo,
    streams: batch.streams,
    streamOf: batch.streamOf.subarray(lo, hi),
    types: batch.types,
    typeOf: batch.typeOf.subarray(lo, hi),
    ts: batch.ts.subarray(lo, hi),
    ids: batch.ids ? batch.ids.slice(lo, hi) : null,
    json: batch.json,
    jsonStart: lo === 0 ? batch.jsonStart : batch.jsonEnds[2 * lo - 1]!,
    jsonEnds: batch.jsonEnds.subarray(2 * lo, 2 * hi),
    catalog: null,
  };
}

/** Builds a SerializedEvents batch event by event. */
export class SerializedEventsBuilder {
  private readonly streamIndex = new Map<string, number>();
  private readonly typeIndex = new Map<string, number>();
  private streams: string[] = [];
  private types: string[] = [];
  private streamOf: number[] = [];
  private typeOf: number[] = [];
  private ts: number[] = [];
  private ids: (string | null)[] | null = null;
  private parts: string[] = [];
  private ends: number[] = [];
  private length = 0;

  get count(): number {
    return this.ts.length;
  }

  add(
    stream: string,
    type: string,
    ts: number,
    id: string | undefined,
    payload: string,
    metadata: string,
  ) {
    const n = this.ts.length;
    this.streamOf.push(indexOf(this.streamIndex, this.streams, stream));
    this.typeOf.push(indexOf(this.typeIndex, this.types, type));
    this.ts.push(ts);
    if (id !== undefined) (this.ids ??= new Array<string | null>(n).fill(null)).push(id);
    else this.ids?.push(null);
    this.parts.push(payload, metadata);
    this.length += payload.length;
    this.ends.push(this.length);
    this.length += metadata.length;
    this.ends.push(this.length);
  }

  /** The batch so far, and a fresh start. */
  take(catalog: [string, number][] | null): SerializedEvents {
    const batch: SerializedEvents = {
      count: this.ts.length,
      streams: this.streams,
      streamOf: Int32Array.from(this.streamOf),
      types: this.types,
      typeOf: Int32Array.from(this.typeOf),
      ts: Float64Array.from(this.ts),
      ids: this.ids,
      json: this.parts.join(''),
      jsonStart: 0,
      jsonEnds: Int32Array.from(this.ends),
      catalog,
    };
    this.streamIndex.clear();
    this.typeIndex.clear();
    this.streams = [];
    this.types = [];
    this.streamOf = [];
    this.typeOf = [];
    this.ts = [];
    this.ids = null;
    this.parts = [];
    this.ends = [];
    this.length = 0;
    return batch;
  }
}

function indexOf(index: Map<string, number>, list: string[], name: string): number {
  let i = index.get(name);
  if (i === undefined) {
    i = list.length;
    list.push(name);
    index.set(name, i);
  }
  return i;
}

/** The buffers a batch can hand over to another thread without a copy. */
export function transferablesOf(batch: SerializedEvents): ArrayBuffer[] {
  return [batch.streamOf, batch.typeOf, batch.ts, batch.jsonEnds].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** A payload or metadata object read back from its JSON (for the rare paths that need one). */
export function parseObject(json: string): JsonObject {
  return JSON.parse(json) as JsonObject;
}
