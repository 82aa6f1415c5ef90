import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Query } from '../../../src-shared/contract/query';
import { EngineError } from '../errors';
import type { InstanceRow } from '../instances';
import type { SqlValue } from './typed-value';

/**
 * Keyset cursors. A cursor names a row (its sort key and position) and the side of it the page
 * it asks for lies on: after it (nextCursor, from the last row of a page) or before it
 * (prevCursor, from the first row: paging backwards). It carries
 * the exact total counted so far with the position up to which it was counted: events are
 * append-only, so the next page's total is that count plus the matching events appended since,
 * and deep pages cost what the first one does. Cursors are signed with the instance's salt and
 * bound to the query (everything but limit, offset and cursor), so a cursor cannot be replayed
 * against another query or instance, and a forged total is refused.
 */
export interface CursorState {
  key: SqlValue;
  pos: number;
  /** The page is the rows before the row, not after it. */
  before: boolean;
  /** Null when the page was read without its total (`total: false`). */
  total: number | null;
  /** The largest position when `total` was counted. */
  countedTo: number;
}

type EncodedKey = ['n', number] | ['s', string] | ['b', string] | ['z'];

interface CursorBody {
  v: 1;
  q: string;
  k: EncodedKey;
  p: number;
  t: number | null;
  c: number;
  /** 1: the rows before. */
  b?: 1;
}

export function encodeCursor(instance: InstanceRow, query: Query, state: CursorState): string {
  const body: CursorBody = {
    v: 1,
    q: queryFingerprint(query),
    k: encodeKey(state.key),
    p: state.pos,
    t: state.total,
    c: state.countedTo,
    ...(state.before ? { b: 1 as const } : {}),
  };
  const text = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${text}.${sign(instance, text)}`;
}

export function decodeCursor(instance: InstanceRow, query: Query, cursor: string): CursorState {
  const bad = (why: string) =>
    new EngineError(
      'VALIDATION_ERROR',
      `query.cursor: ${why}; pass the nextCursor of the previous page of this same query`,
    );
  const [text, signature, extra] = cursor.split('.');
  if (!text || !signature || extra !== undefined) throw bad('not a cursor');
  const expected = Buffer.from(sign(instance, text));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw bad('not a cursor of this instance');
  }
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw bad('not a cursor');
  }
  if (body.v !== 1) throw bad('an unknown cursor version');
  if (body.q !== queryFingerprint(query)) throw bad('made for another query');
  return {
    key: decodeKey(body.k),
    pos: body.p,
    before: body.b === 1,
    total: body.t,
    countedTo: body.c,
  };
}

function sign(instance: InstanceRow, text: string): string {
  return createHmac('sha256', `${instance.id}:${instance.salt}`)
    .update(text)
    .digest('base64url')
    .slice(0, 22);
}

function encodeKey(key: SqlValue): EncodedKey {
  if (key === null) return ['z'];
  if (typeof key === 'number') return ['n', key];
  if (typeof key === 'bigint') return ['n', Number(key)];
  if (typeof key === 'string') return ['s', key];
  return ['b', key.toString('base64')];
}

function decodeKey(k: EncodedKey): SqlValue {
  switch (k[0]) {
    case 'z':
      return null;
    case 'n':
      return k[1];
    case 's':
      return k[1];
    case 'b':
      return Buffer.from(k[1], 'base64');
  }
}

/**
 * What identifies "the same query" across pages: all but limit, offset, cursor, startAt (which
 * only say where a page starts) and whether to count (a page read without its total continues
 * with one, and the other way round).
 */
export function queryFingerprint(query: Query): string {
  const { limit: _l, offset: _o, cursor: _c, startAt: _s, total: _t, ...rest } = query;
  return createHmac('sha256', 'eventlens-query').update(stableJson(rest)).digest('base64url');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
