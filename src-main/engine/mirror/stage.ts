import duckdb from '@duckdb/node-bindings';
import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  LIST,
  listValue,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { run } from './duck';
import { kindType, type ValueKind } from './path-tree';
import type { RowBatch } from './row-batch';

/** Rows per DuckDB data chunk (its vector size). */
const chunkRows = duckdb.vector_size();

export type Columns = readonly { col: number; kind: ValueKind }[];

/** Distinct strings above which a slice's column is staged as text, not as a dictionary. */
const maxDictionary = 2_048;

/** How one column of a slice is staged. */
type Staged =
  | { as: 'number'; values: Float64Array<ArrayBuffer>; valid: Uint8Array<ArrayBuffer> | null }
  | { as: 'flag'; values: Uint8Array<ArrayBuffer>; valid: Uint8Array<ArrayBuffer> }
  | { as: 'text'; values: readonly (string | undefined)[]; valid: Uint8Array<ArrayBuffer> | null }
  /** Codes into `words` (1-based, for list_extract); 0 where there is no value. */
  | { as: 'dictionary'; codes: Int32Array<ArrayBuffer>; words: string[] }
  | { as: 'null' };

/**
 * A slice of a catch-up on its way into the events table. It is appended from this thread to
 * a temporary (in-memory) staging table, and one INSERT then moves it into the events table on
 * DuckDB's threads — compressing it there — while this thread reads and flattens the next slice
 * (catch-up.ts).
 *
 * Handing DuckDB a string costs a call that converts it, and the append checks it again: with
 * a dozen strings an event that was most of the catch-up. Most payload strings repeat (names,
 * countries, levels, hosts), so a string column set in at least a quarter of the slice's rows
 * with at most 2,048 distinct values is staged as integer codes (one memory copy) and its
 * distinct values once, as a list the INSERT looks the codes up in. Numbers, flags and null
 * masks are memory copies; positions, times and sequence numbers are staged as doubles and
 * cast on the way in.
 */
export class Stage {
  private readonly staged: Staged[];

  constructor(
    private readonly batch: RowBatch,
    private readonly columns: Columns,
  ) {
    const fixed: Staged[] = [
      { as: 'number', values: batch.pos, valid: null },
      textColumn(batch.stream, null, batch.rows),
      textColumn(batch.type, null, batch.rows),
      { as: 'number', values: batch.ts, valid: null },
      { as: 'number', values: batch.seq, valid: null },
    ];
    this.staged = fixed.concat(
      columns.map((c): Staged => {
        const v = batch.valuesOf(c.col);
        if (!v) return { as: 'null' };
        if (v.numbers) return { as: 'number', values: v.numbers, valid: v.valid };
        if (v.flags) return { as: 'flag', values: v.flags, valid: v.valid };
        return textColumn(v.texts!, v.valid, batch.rows);
      }),
    );
  }

  /** Creates the staging table and appends the slice to it (in the caller's transaction). */
  async write(conn: DuckDBConnection): Promise<void> {
    const types = this.staged.map(stagedType);
    await run(conn, 'DROP TABLE IF EXISTS temp.mirror_stage');
    await run(
      conn,
      `CREATE TEMP TABLE mirror_stage (${types.map((t, i) => `s${i} ${t.toString()}`).join(', ')})`,
    );
    const appender = await conn.createAppender('mirror_stage', 'main', 'temp');
    try {
      const chunk = DuckDBDataChunk.create(types);
      const mask = new Uint8Array(chunkRows / 8);
      for (let from = 0; from < this.batch.rows; from += chunkRows) {
        const n = Math.min(chunkRows, this.batch.rows - from);
        chunk.reset();
        chunk.rowCount = n;
        this.staged.forEach((s, i) => {
          writeVector(duckdb.data_chunk_get_vector(chunk.chunk, i), s, from, n, mask);
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Moves the staged slice into the events table; resolves when DuckDB is done. */
  insert(conn: DuckDBConnection, table: string): Promise<unknown> {
    const values: DuckDBValue[] = [];
    const types: DuckDBType[] = [];
    const exprs = this.staged.map((s, i) => {
      const target =
        i === 0 || i === 3 || i === 4
          ? 'BIGINT'
          : i < 5
            ? 'VARCHAR'
            : kindType[this.columns[i - 5]!.kind];
      switch (s.as) {
        case 'dictionary':
          values.push(listValue(s.words));
          types.push(LIST(VARCHAR));
          return `list_extract(?, s${i})`;
        case 'null':
          return `CAST(NULL AS ${target})`;
        default:
          return target === 'BIGINT' ? `CAST(s${i} AS BIGINT)` : `s${i}`;
      }
    });
    return conn.run(
      `INSERT INTO ${table} SELECT ${exprs.join(', ')} FROM temp.mirror_stage`,
      values,
      types,
    );
  }
}

/**
 * A text column, as a dictionary when its distinct values are few and it is not sparse (the
 * lookup runs on every row; a sparse column's few strings cost less handed over as they are).
 */
function textColumn(
  texts: readonly (string | undefined)[],
  valid: Uint8Array<ArrayBuffer> | null,
  rows: number,
): Staged {
  if (valid) {
    let present = 0;
    for (let r = 0; r < rows; r++) present += valid[r]!;
    if (present * 4 < rows) return { as: 'text', values: texts, valid };
  }
  const codes = new Int32Array(rows);
  const ids = new Map<string, number>();
  const words: string[] = [];
  for (let r = 0; r < rows; r++) {
    if (valid && !valid[r]) continue;
    const text = texts[r]!;
    let id = ids.get(text);
    if (id === undefined) {
      if (words.length === maxDictionary) return { as: 'text', values: texts, valid };
      words.push(text);
      ids.set(text, (id = words.length));
    }
    codes[r] = id;
  }
  return { as: 'dictionary', codes, words };
}

function stagedType(s: Staged): DuckDBType {
  switch (s.as) {
    case 'number':
      return DOUBLE;
    case 'flag':
      return BOOLEAN;
    case 'text':
      return VARCHAR;
    case 'dictionary':
    case 'null':
      return INTEGER;
  }
}

function writeVector(
  vec: duckdb.Vector,
  s: Staged,
  from: number,
  n: number,
  mask: Uint8Array<ArrayBuffer>,
): void {
  let valid: Uint8Array | null = null;
  switch (s.as) {
    case 'number':
      duckdb.copy_data_to_vector(vec, 0, s.values.buffer, from * 8, n * 8);
      valid = s.valid;
      break;
    case 'flag':
      duckdb.copy_data_to_vector(vec, 0, s.values.buffer, from, n);
      valid = s.valid;
      break;
    case 'text':
      for (let r = 0; r < n; r++) {
        if (!s.valid || s.valid[from + r]) {
          duckdb.vector_assign_string_element(vec, r, s.values[from + r]!);
        }
      }
      valid = s.valid;
      break;
    case 'dictionary':
      duckdb.copy_data_to_vector(vec, 0, s.codes.buffer, from * 4, n * 4);
      // Code 0 (no value) is NULL.
      mask.fill(0);
      for (let r = 0; r < n; r++) if (s.codes[from + r]) mask[r >> 3]! |= 1 << (r & 7);
      duckdb.vector_ensure_validity_writable(vec);
      duckdb.copy_data_to_vector_validity(vec, 0, mask.buffer, 0, mask.byteLength);
      return;
    case 'null':
      mask.fill(0);
      duckdb.vector_ensure_validity_writable(vec);
      duckdb.copy_data_to_vector_validity(vec, 0, mask.buffer, 0, mask.byteLength);
      return;
  }
  if (!valid) return; // every row has a value (a fresh chunk's mask says so)
  mask.fill(0);
  for (let r = 0; r < n; r++) if (valid[from + r]) mask[r >> 3]! |= 1 << (r & 7);
  duckdb.vector_ensure_validity_writable(vec);
  duckdb.copy_data_to_vector_validity(vec, 0, mask.buffer, 0, mask.byteLength);
}
