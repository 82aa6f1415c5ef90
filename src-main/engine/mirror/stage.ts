import duckdb from '@duckdb/node-bindings';
import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  ENUM,
  INTEGER,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import type { ValueKind } from './path-tree';
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
  /** Codes into `words` (1-based); 0 where there is no value. */
  | { as: 'dictionary'; codes: Int32Array<ArrayBuffer>; words: string[] }
  | { as: 'null' };

/**
 * A slice of a catch-up on its way into the events table, appended straight to it with
 * DuckDB's appender (in the caller's transaction), which casts each chunk's vectors to the
 * table's types.
 *
 * Handing DuckDB a string costs a call that converts it: with a dozen strings an event that
 * was most of the catch-up. Most payload strings repeat (names, countries, levels, hosts), so a
 * string column set in at least a quarter of the slice's rows with at most 2,048 distinct
 * values goes as an ENUM vector: its codes are one memory copy, its distinct values are handed
 * over once per slice, and the appender's cast to VARCHAR is DuckDB's. Numbers, flags and null
 * masks are memory copies; positions, times and sequence numbers go as doubles and are cast.
 *
 * (It replaced a temporary staging table moved in by INSERT … SELECT on DuckDB's threads while
 * the next slice was read: that copied every slice twice, and cost 27% more CPU in all for the
 * same build; docs/performance.md.)
 */
export class Stage {
  private readonly staged: Staged[];

  constructor(
    private readonly batch: RowBatch,
    columns: Columns,
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

  /**
   * Appends the slice to the events table (in the caller's transaction): `table` must have
   * the fixed columns and then `columns`, in that order.
   */
  async append(conn: DuckDBConnection, table: string): Promise<void> {
    const chunk = DuckDBDataChunk.create(this.staged.map(stagedType));
    const mask = new Uint8Array(chunkRows / 8);
    const appender = await conn.createAppender(table);
    try {
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
}

/**
 * A text column, as a dictionary (an ENUM vector) when its distinct values are few and it is
 * not sparse (a sparse column's few strings cost less handed over as they are). Strings read
 * from SQLite are well-formed UTF-16, so distinct here is distinct in UTF-8 too.
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
      // An enum's values cross DuckDB's C API as C strings: a NUL would cut one short.
      if (words.length === maxDictionary || text.includes('\0')) {
        return { as: 'text', values: texts, valid };
      }
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
      return ENUM(s.words);
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
    case 'dictionary': {
      // DuckDB keeps an enum of up to 255 values in a byte, of more in two (0-based indexes).
      const codes = s.words.length <= 255 ? new Uint8Array(n) : new Uint16Array(n);
      mask.fill(0);
      for (let r = 0; r < n; r++) {
        const code = s.codes[from + r]!;
        if (code === 0) continue; // no value: NULL
        codes[r] = code - 1;
        mask[r >> 3]! |= 1 << (r & 7);
      }
      duckdb.copy_data_to_vector(vec, 0, codes.buffer, 0, codes.byteLength);
      duckdb.vector_ensure_validity_writable(vec);
      duckdb.copy_data_to_vector_validity(vec, 0, mask.buffer, 0, mask.byteLength);
      return;
    }
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
