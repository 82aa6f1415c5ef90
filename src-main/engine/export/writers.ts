import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { csvRows } from './csv-format';
import { csvCell, projectEvent, readColumn, type Column } from './columns';
import type { FileSink } from './file-sink';

/** Writes rows of one export format to a sink, page by page. */
export interface RowWriter {
  begin(): Promise<void>;
  rows(rows: readonly Record<string, unknown>[]): Promise<void>;
  end(): Promise<void>;
}

/** `select`ed columns turn events into the shape the query language returns. */
type Projection = Column[] | null;

const project = (row: Record<string, unknown>, columns: Projection) =>
  columns ? projectEvent(row, columns) : row;

/** One JSON object per line. */
export function ndjsonWriter(sink: FileSink, columns: Projection): RowWriter {
  return {
    begin: async () => {},
    async rows(rows) {
      let text = '';
      for (const row of rows) text += JSON.stringify(project(row, columns)) + '\n';
      await sink.write(text);
    },
    end: async () => {},
  };
}

/** One JSON array, written element by element. */
export function jsonWriter(sink: FileSink, columns: Projection): RowWriter {
  let first = true;
  return {
    begin: () => sink.write('['),
    async rows(rows) {
      let text = '';
      for (const row of rows) {
        text += (first ? '\n' : ',\n') + JSON.stringify(project(row, columns));
        first = false;
      }
      await sink.write(text);
    },
    end: () => sink.write(first ? ']\n' : '\n]\n'),
  };
}

export function csvWriter(
  sink: FileSink,
  columns: readonly Column[],
  protectFormulas: boolean,
): RowWriter {
  return {
    begin: () => sink.write(csvRows([columns.map((c) => c.name)], protectFormulas)),
    async rows(rows) {
      const records = rows.map((row) => columns.map((c) => csvCell(readColumn(row, c.field), c)));
      await sink.write(csvRows(records, protectFormulas));
    },
    end: async () => {},
  };
}

type ParquetKind = 'string' | 'timestamp' | 'int64' | 'json';

function parquetKind(column: Column): ParquetKind {
  if (column.field.kind === 'json') return 'json';
  switch (column.field.name) {
    case 'timestamp':
      return 'timestamp';
    case 'sequence_number':
      return 'int64';
    case 'id':
    case 'stream_id':
    case 'event_type':
      return 'string';
  }
}

function schemaElement(column: Column): SchemaElement {
  const base = { name: column.name, repetition_type: 'OPTIONAL' } as const;
  switch (parquetKind(column)) {
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'timestamp':
      return {
        ...base,
        type: 'INT64',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
    case 'int64':
      return { ...base, type: 'INT64' };
    case 'json':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'JSON' };
  }
}

function parquetValue(value: unknown, kind: ParquetKind): unknown {
  if (value === undefined || value === null) return null;
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'timestamp': {
      const t =
        typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isFinite(t) ? BigInt(t) : null;
    }
    case 'int64':
      return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : null;
    case 'json':
      return value;
  }
}

/**
 * Parquet through hyparquet-writer: rows are buffered into columns for one row group, which is
 * encoded and flushed to the sink before the next is read, so memory holds one row group.
 */
export function parquetWriter(
  sink: FileSink,
  columns: readonly Column[],
  rowGroupSize = 10_000,
): RowWriter {
  const kinds = columns.map(parquetKind);
  const bytes = new ByteWriter();
  let pending: Promise<void> = Promise.resolve();
  // Each flush hands the encoded bytes to the sink; the ParquetWriter awaits it between groups.
  const flush = () => {
    const chunk = new Uint8Array(bytes.buffer.slice(0, bytes.index));
    bytes.index = 0;
    pending = pending.then(() => sink.write(chunk));
    return pending;
  };
  Object.assign(bytes, { flush, finish: flush });
  const writer = new ParquetWriter({
    writer: bytes,
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)],
    createdBy: 'Eventlens',
  });
  let buffered: unknown[][] = columns.map(() => []);
  let count = 0;
  const writeGroup = async () => {
    if (count === 0) return;
    const columnData = columns.map((c, i) => ({ name: c.name, data: buffered[i]! }));
    buffered = columns.map(() => []);
    count = 0;
    await writer.write({ columnData, rowGroupSize: Number.MAX_SAFE_INTEGER });
  };
  return {
    begin: async () => {},
    async rows(rows) {
      for (const row of rows) {
        for (let i = 0; i < columns.length; i++) {
          buffered[i]!.push(parquetValue(readColumn(row, columns[i]!.field), kinds[i]!));
        }
        if (++count >= rowGroupSize) await writeGroup();
      }
    },
    async end() {
      await writeGroup();
      await writer.finish();
      await pending;
    },
  };
}
