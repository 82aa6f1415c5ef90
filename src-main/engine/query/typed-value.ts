/**
 * The engine's typed SQL encoding of a JSON value, used to compare, order and group values of
 * any field in SQL while keeping JSON types apart (5 is not "5", true is not 1):
 *
 *   missing, null  -> NULL
 *   number         -> REAL (integers too: JSON integers beyond 2^53 then compare as the same
 *                     double JavaScript holds)
 *   string         -> TEXT
 *   false, true    -> BLOB x'00', x'01'
 *   array, object  -> BLOB of its JSON text (starts with '[' or '{', never 0x00/0x01)
 *
 * SQLite orders NULL < numbers < text < blobs, which is exactly the contract's order: missing and
 * null first, numbers before strings (then booleans, then arrays and objects by JSON text).
 */
import type { JsonValue } from '../../../src-shared/contract/json-value';
import { sql, type Sql } from '../db/sql';

export type SqlValue = number | bigint | string | Buffer | null;

export const falseBlob = Buffer.from([0]);
export const trueBlob = Buffer.from([1]);

/** The JSON value a typed SQL value stands for. */
export function decodeTyped(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Buffer.isBuffer(v)) {
    if (v.length === 1 && v[0] === 0) return false;
    if (v.length === 1 && v[0] === 1) return true;
    return JSON.parse(v.toString('utf8')) as JsonValue;
  }
  throw new Error(`unexpected SQL value ${typeof v}`);
}

/** The typed SQL value of a scalar operand (booleans become their blobs). */
export function encodeScalar(v: string | number | boolean): string | number | Buffer {
  if (typeof v === 'boolean') return v ? trueBlob : falseBlob;
  return v;
}

/**
 * The typed value of a JSON path (above), computed per row. The same expression, with
 * the path as a literal, defines the generated column of an indexed hot path (hot-paths.ts).
 */
export function typedValueSql(column: Sql, path: string | Sql): Sql {
  const p = typeof path === 'string' ? sql`${path}` : path;
  return sql`(CASE json_type(${column}, ${p}) WHEN 'text' THEN json_extract(${column}, ${p}) WHEN 'integer' THEN json_extract(${column}, ${p}) + 0.0 WHEN 'real' THEN json_extract(${column}, ${p}) WHEN 'true' THEN x'01' WHEN 'false' THEN x'00' WHEN 'null' THEN NULL ELSE CAST(json_extract(${column}, ${p}) AS BLOB) END)`;
}
