import duckdb from '@duckdb/node-bindings';
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import type { ValueKind } from './path-tree';
import type { ColumnValues, RowBatch } from './row-batch';

const typeOf: Record<ValueKind, DuckDBType> = { n: DOUBLE, s: VARCHAR, b: BOOLEAN, j: VARCHAR };

/** Rows per DuckDB data chunk (its vector size). */
const chunkRows = duckdb.vector_size();

/**
 * Appends a RowBatch to an events table through DuckDB's appender, a data chunk of 2,048 rows
 * at a time, writing each vector's memory in one copy from typed arrays (numbers, booleans,
 * the null mask) and strings one call each. node-api's per-value setters (a BigInt mask
 * operation per cell) measured several times slower on 30-column batches.
 *
 * `columns` are the table's dynamic columns in table order (after pos, stream, type, ts, seq).
 */
export async function appendBatch(
  conn: DuckDBConnection,
  table: string,
  batch: RowBatch,
  columns: readonly { col: number; kind: ValueKind }[],
): Promise<void> {
  const appender = await conn.createAppender(table);
  try {
    const types = [BIGINT, VARCHAR, VARCHAR, BIGINT, BIGINT, ...columns.map((c) => typeOf[c.kind])];
    const chunk = DuckDBDataChunk.create(types);
    const big = new BigInt64Array(chunkRows);
    const mask = new Uint8Array(chunkRows / 8);
    const vector = (i: number) => duckdb.data_chunk_get_vector(chunk.chunk, i);
    for (let from = 0; from < batch.rows; from += chunkRows) {
      const n = Math.min(chunkRows, batch.rows - from);
      chunk.reset();
      chunk.rowCount = n;
      [batch.pos, batch.ts, batch.seq].forEach((values, i) => {
        for (let r = 0; r < n; r++) big[r] = BigInt(values[from + r]!);
        duckdb.copy_data_to_vector(vector(i === 0 ? 0 : i + 2), 0, big.buffer, 0, n * 8);
      });
      const [streams, types_] = [vector(1), vector(2)];
      for (let r = 0; r < n; r++) {
        duckdb.vector_assign_string_element(streams, r, batch.stream[from + r]!);
        duckdb.vector_assign_string_element(types_, r, batch.type[from + r]!);
      }
      columns.forEach((c, i) => {
        writeColumn(vector(5 + i), batch.columns.get(c.col), from, n, mask);
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function writeColumn(
  vec: duckdb.Vector,
  values: ColumnValues | undefined,
  from: number,
  n: number,
  mask: Uint8Array<ArrayBuffer>,
): void {
  mask.fill(0);
  if (values) {
    const valid = values.valid;
    for (let r = 0; r < n; r++) if (valid[from + r]) mask[r >> 3]! |= 1 << (r & 7);
    if (values.numbers) {
      const bytes = values.numbers.BYTES_PER_ELEMENT;
      duckdb.copy_data_to_vector(vec, 0, values.numbers.buffer, from * bytes, n * bytes);
    } else if (values.flags) {
      duckdb.copy_data_to_vector(vec, 0, values.flags.buffer, from, n);
    } else {
      const texts = values.texts!;
      for (let r = 0; r < n; r++) {
        if (valid[from + r]) duckdb.vector_assign_string_element(vec, r, texts[from + r]!);
      }
    }
  }
  duckdb.vector_ensure_validity_writable(vec);
  duckdb.copy_data_to_vector_validity(vec, 0, mask.buffer, 0, mask.byteLength);
}
