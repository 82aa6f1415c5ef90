import type Database from 'better-sqlite3';
import {
  streamListLimits,
  type StreamList,
  type StreamOrderField,
} from '../../../src-shared/contract/catalog';
import { raw, sql } from '../db/sql';
import type { InstanceRow } from '../instances';

export interface ListStreamsOptions {
  nameContains?: string;
  orderBy?: StreamOrderField;
  direction?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** Columns of `streams` by order field: a closed union, so raw() only ever sees these. */
const orderColumns: Record<Exclude<StreamOrderField, 'name'>, string> = {
  count: 'last_seq',
  lastEvent: 'max_ts',
};
const defaultDirections: Record<StreamOrderField, 'asc' | 'desc'> = {
  name: 'asc',
  count: 'desc',
  lastEvent: 'desc',
};

/** `%`, `_` and `\` are ordinary characters in a name filter. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

/**
 * One page of an instance's streams from the `streams` table (no scan of events): the count is
 * the last sequence number, the times are the stream's min/max. Names come in natural order
 * (stream-sort-key.ts: `10.0.0.9` before `10.0.0.10`), equal keys by name. Ties in count or time
 * are broken by creation order (sno) in the same direction, so every order is total and the
 * indexes of migrations 3 and 8 deliver it without a sort (see list-streams.test.ts for the plans).
 */
export function listStreams(
  db: Database.Database,
  instance: InstanceRow,
  options: ListStreamsOptions,
): StreamList {
  const orderBy = options.orderBy ?? 'name';
  const direction = options.direction ?? defaultDirections[orderBy];
  const limit = options.limit ?? streamListLimits.defaultLimit;
  const offset = options.offset ?? 0;
  const dir = raw(direction === 'asc' ? 'ASC' : 'DESC');
  const filter =
    options.nameContains !== undefined && options.nameContains !== ''
      ? sql` AND name LIKE ${likePattern(options.nameContains)} ESCAPE '\\'`
      : sql``;
  const order =
    orderBy === 'name'
      ? sql`sort_key ${dir}, name ${dir}`
      : sql`${raw(orderColumns[orderBy])} ${dir}, sno ${dir}`;
  const page = sql`SELECT name, last_seq, min_ts, max_ts FROM streams
    WHERE ino = ${instance.ino}${filter} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
  const rows = db
    .prepare<unknown[], { name: string; last_seq: number; min_ts: number; max_ts: number }>(
      page.text,
    )
    .all(...page.params);
  let total = instance.stream_count;
  if (filter.text !== '') {
    const count = sql`SELECT count(*) FROM streams WHERE ino = ${instance.ino}${filter}`;
    total = db
      .prepare(count.text)
      .pluck()
      .get(...count.params) as number;
  }
  return {
    streams: rows.map((r) => ({
      streamId: r.name,
      eventCount: r.last_seq,
      firstEventAt: new Date(r.min_ts).toISOString(),
      lastEventAt: new Date(r.max_ts).toISOString(),
    })),
    total,
    limit,
    offset,
  };
}
