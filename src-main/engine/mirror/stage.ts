import duckdb from '@duckdb/node-bindings';
import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  ENUM,
  INTEGER,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBType,
} from '@duckdb/node-api';
import { chunkBits, type SliceValues } from './flat-slice';
import type { ValueKind } from './path-tree';
import type { SliceColumns } from './slice-columns';

/** Rows per DuckDB data chunk (its vector size): the slices' masks are cut to it. */
const chunkRows = duckdb.vector_size();
// The reader thread never loads DuckDB: it cuts the masks to chunkBits, which must be this.
if (chunkRows !== chunkBits)
  throw new Error(`DuckDB's vector size is ${chunkRows}, not ${chunkBits}`);

export type Columns = readonly { col: number; kind: ValueKind }[];

/** How one column of a slice is staged: its values, or NULL throughout. */
type Staged = SliceValues | { as: 'null' };

/**
 * A slice of a catch-up on its way into the events table, appended straight to it with
 * DuckDB's appender (in the caller's transaction, catch-up.ts), which casts each chunk's
 * vectors to the table's types. The slice comes flattened (flat-slice.ts: typed arrays, masks
 * in DuckDB's layout, repeating strings as ENUM vectors), so most vectors are a memory copy;
 * strings of columns that do not repeat are handed over one by one. Positions, times and
 * sequence numbers go as doubles and are cast.
 *
 * (It replaced a temporary staging table moved in by INSERT … SELECT on DuckDB's threads: that
 * copied every slice twice, and cost 27% more CPU in all for the same build; performance.md.)
 */
export class Stage {
  private readonly staged: Staged[];

  constructor(
    private readonly slice: SliceColumns,
    columns: Columns,
  ) {
    const s = slice.slice;
    const fixed: Staged[] = [
      { as: 'number', data: s.pos, valid: null },
      s.stream,
      s.type,
      { as: 'number', data: s.ts, valid: null },
      { as: 'number', data: s.seq, valid: null },
    ];
    this.staged = fixed.concat(columns.map((c): Staged => slice.valuesOf(c.col) ?? { as: 'null' }));
  }

  /**
   * Hands the slice to an appender of the events table (in the caller's transaction), which
   * must have the fixed columns and then `columns`, in that order.
   */
  append(appender: DuckDBAppender): void {
    const chunk = DuckDBDataChunk.create(this.staged.map(stagedType));
    const rows = this.slice.slice.rows;
    for (let from = 0; from < rows; from += chunkRows) {
      const n = Math.min(chunkRows, rows - from);
      chunk.reset();
      chunk.rowCount = n;
      this.staged.forEach((s, i) => {
        writeVector(duckdb.data_chunk_get_vector(chunk.chunk, i), s, from, n);
      });
      appender.appendDataChunk(chunk);
    }
  }
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

/** A chunk's NULL mask: no row has a value. */
const noneValid = new Uint8Array(chunkRows / 8);

function writeVector(vec: duckdb.Vector, s: Staged, from: number, n: number): void {
  switch (s.as) {
    case 'number':
      duckdb.copy_data_to_vector(vec, 0, s.data.buffer, from * 8, n * 8);
      break;
    case 'flag':
      duckdb.copy_data_to_vector(vec, 0, s.data.buffer, from, n);
      break;
    case 'dictionary': {
      const width = s.codes.BYTES_PER_ELEMENT;
      duckdb.copy_data_to_vector(vec, 0, s.codes.buffer, from * width, n * width);
      break;
    }
    case 'text':
      for (let r = 0; r < n; r++) {
        const text = s.texts[from + r];
        if (text !== undefined) duckdb.vector_assign_string_element(vec, r, text);
      }
      break;
    case 'null':
      duckdb.vector_ensure_validity_writable(vec);
      duckdb.copy_data_to_vector_validity(vec, 0, noneValid.buffer, 0, noneValid.byteLength);
      return;
  }
  if (!s.valid) return; // every row has a value (a fresh chunk's mask says so)
  duckdb.vector_ensure_validity_writable(vec);
  duckdb.copy_data_to_vector_validity(vec, 0, s.valid.buffer, from / 8, chunkRows / 8);
}
