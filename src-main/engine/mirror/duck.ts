import {
  BIGINT,
  DOUBLE,
  SQLNULL,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBMaterializedResult,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Sql, SqlParam } from '../db/sql';

/**
 * Runs the mirror's SQL on DuckDB with its parameters bound, never spliced: numbers as DOUBLE
 * (the mirror compares JSON numbers as doubles, like the SQLite engine), bigints as BIGINT
 * (positions, limits), strings as VARCHAR. The same tagged template as the SQLite side
 * (db/sql.ts) builds the text; its `?` placeholders are DuckDB's positional parameters too.
 */
function bindings(params: readonly SqlParam[]): { values: DuckDBValue[]; types: DuckDBType[] } {
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  for (const p of params) {
    if (p === null) {
      values.push(null);
      types.push(SQLNULL);
    } else if (typeof p === 'number') {
      values.push(p);
      types.push(DOUBLE);
    } else if (typeof p === 'bigint') {
      values.push(p);
      types.push(BIGINT);
    } else if (typeof p === 'string') {
      values.push(p);
      types.push(VARCHAR);
    } else {
      throw new Error('the mirror binds no blobs');
    }
  }
  return { values, types };
}

export async function run(conn: DuckDBConnection, q: Sql | string): Promise<void> {
  if (typeof q === 'string') {
    await conn.run(q);
    return;
  }
  const { values, types } = bindings(q.params);
  await conn.run(q.text, values, types);
}

/** All rows of a query as arrays of JS values (BIGINT as bigint, DOUBLE as number). */
export async function rows(conn: DuckDBConnection, q: Sql | string): Promise<unknown[][]> {
  if (typeof q === 'string') return (await conn.runAndReadAll(q)).getRows();
  const { values, types } = bindings(q.params);
  const reader = await conn.runAndReadAll(q.text, values, types);
  return reader.getRows();
}

/**
 * A query's whole result, to be read a column at a time (`columnsOf`): a caller that needs a
 * few columns of many rows converts only those, where `rows` converts every value.
 */
export async function materialized(
  conn: DuckDBConnection,
  q: Sql,
): Promise<DuckDBMaterializedResult> {
  const { values, types } = bindings(q.params);
  return conn.run(q.text, values, types);
}

/**
 * Columns `indexes` of a result, every row, as JS values (as `rows` gives them); each chunk is
 * fetched once.
 */
export function columnsOf(
  result: DuckDBMaterializedResult,
  indexes: readonly number[],
): unknown[][] {
  const out = indexes.map((): unknown[] => []);
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    indexes.forEach((index, i) => {
      const vector = chunk.getColumnVector(index);
      const column = out[i]!;
      for (let row = 0; row < vector.itemCount; row++) column.push(vector.getItem(row));
    });
  }
  return out;
}

/** A number from a DuckDB integer or double (counts come back as bigint). */
export function num(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

/** DuckDB's refusal to open a file another process has open read-write. */
export function isLockConflict(message: string): boolean {
  return /could not set lock|conflicting lock/iu.test(message);
}
