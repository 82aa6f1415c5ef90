import { queryLimits } from '../contract/limits';
import type { OrderBy, Query, WhereNode } from '../contract/query';

/**
 * The queries behind "Show in stream" and "Around this event" (docs/query-dsl.md, "Around an
 * event"), built in one place for the renderer, the CLI's copy-as and the search bench. Each is
 * a plain DSL query that always includes the event itself, so `{ ...query, startAt: event.id }`
 * opens any of them at the event and `prevCursor` pages back from it.
 */
export interface EventAnchor {
  /** The instance's id or name, as `from.instance` takes it. */
  instance: string;
  id: string;
  stream_id: string;
  sequence_number: number;
  /** ISO 8601 (as events carry it) or milliseconds since the epoch. */
  timestamp: string | number;
}

export interface AroundOptions {
  /** Events of its stream on each side, by sequence number (default 10). */
  events?: number;
  /** Seconds on each side across the instance (default 5; fractions allowed down to 1 ms). */
  seconds?: number;
  /** The page's size (default 200, at most the DSL's 10,000). */
  limit?: number;
}

export const aroundDefaults = { events: 10, seconds: 5, limit: 200 } as const;

/** The most events on each side, so 2N + 1 stays within one page of the DSL. */
export const maxAroundEvents = Math.floor((queryLimits.maxLimit - 1) / 2);
/** The widest window on each side: a day. */
export const maxAroundSeconds = 86_400;

/** A stream view's order: by sequence number, oldest first unless `newestFirst`. */
export function streamOrder(newestFirst = false): OrderBy {
  return { field: 'sequence_number', direction: newestFirst ? 'desc' : 'asc' };
}

/** ±N events of the event's stream by sequence number, in sequence order. */
export function streamNeighboursQuery(anchor: EventAnchor, options: AroundOptions = {}): Query {
  const n = eventsOption(options);
  return {
    from: { instance: anchor.instance, stream: anchor.stream_id },
    where: [sequenceWindow(anchor, n)],
    orderBy: streamOrder(),
    limit: 2 * n + 1,
  };
}

/** Every event of the instance within ±T seconds of the event, in time order. */
export function timeWindowQuery(anchor: EventAnchor, options: AroundOptions = {}): Query {
  return {
    from: { instance: anchor.instance },
    where: [timeWindow(anchor, secondsOption(options))],
    orderBy: { field: 'timestamp' },
    limit: limitOption(options),
  };
}

/**
 * "Around this event": its stream's ±N neighbours and everything in the instance within ±T
 * seconds, merged in time order (each event carries its stream). One query, so one page, one
 * total and cursors for the rest.
 */
export function aroundQuery(anchor: EventAnchor, options: AroundOptions = {}): Query {
  const n = eventsOption(options);
  const window = timeWindow(anchor, secondsOption(options));
  return {
    from: { instance: anchor.instance },
    where: [
      {
        or: [
          {
            and: [
              { field: 'stream_id', operator: 'eq', value: anchor.stream_id },
              sequenceWindow(anchor, n),
            ],
          },
          window,
        ],
      },
    ],
    orderBy: { field: 'timestamp' },
    limit: limitOption(options),
  };
}

/**
 * "Show in stream": the event's stream in a stream view's order, the first page starting at the
 * event (`startAt`); `prevCursor` reaches what came before it.
 */
export function showInStreamQuery(
  anchor: EventAnchor,
  options: { newestFirst?: boolean; limit?: number } = {},
): Query {
  return {
    from: { instance: anchor.instance, stream: anchor.stream_id },
    orderBy: streamOrder(options.newestFirst),
    limit: limitOption({ limit: options.limit ?? queryLimits.defaultLimit }),
    startAt: anchor.id,
  };
}

function sequenceWindow(anchor: EventAnchor, n: number): WhereNode {
  const seq = anchor.sequence_number;
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`the event's sequence_number must be a whole number from 1, not ${seq}`);
  }
  return {
    field: 'sequence_number',
    operator: 'between',
    value: [Math.max(1, seq - n), seq + n],
  };
}

function timeWindow(anchor: EventAnchor, seconds: number): WhereNode {
  const at = typeof anchor.timestamp === 'number' ? anchor.timestamp : Date.parse(anchor.timestamp);
  const ms = Math.round(seconds * 1_000);
  const from = new Date(at - ms);
  const to = new Date(at + ms);
  // An invalid Date (NaN, or beyond ±8.64e15 ms) has a NaN time.
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new RangeError(`the event's timestamp is not a usable instant: ${anchor.timestamp}`);
  }
  return {
    field: 'timestamp',
    operator: 'between',
    value: [from.toISOString(), to.toISOString()],
  };
}

function eventsOption(options: AroundOptions): number {
  const n = options.events ?? aroundDefaults.events;
  if (!Number.isInteger(n) || n < 0 || n > maxAroundEvents) {
    throw new RangeError(`events must be a whole number from 0 to ${maxAroundEvents}, not ${n}`);
  }
  return n;
}

function secondsOption(options: AroundOptions): number {
  const s = options.seconds ?? aroundDefaults.seconds;
  if (!Number.isFinite(s) || s < 0 || s > maxAroundSeconds) {
    throw new RangeError(`seconds must be from 0 to ${maxAroundSeconds}, not ${s}`);
  }
  return s;
}

function limitOption(options: { limit?: number }): number {
  const limit = options.limit ?? aroundDefaults.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > queryLimits.maxLimit) {
    throw new RangeError(
      `limit must be a whole number from 1 to ${queryLimits.maxLimit}, not ${limit}`,
    );
  }
  return limit;
}
