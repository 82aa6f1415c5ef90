import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The events of an exported Parquet file as DuckDB reads them back, in the engine's record
 * shape (ISO timestamps, parsed payload and metadata), so a test can compare them with what
 * queryEvents returned. `metadata: false` leaves the metadata column out.
 */
export async function readParquetEvents(
  duck: DuckDBConnection,
  file: string,
  options: { metadata: boolean },
): Promise<Record<string, unknown>[]> {
  const metadata = options.metadata ? ', metadata::VARCHAR AS metadata' : '';
  const read = await duck.runAndReadAll(
    `SELECT id, stream_id, event_type, epoch_ms(timestamp) AS ms, sequence_number,
            payload::VARCHAR AS payload${metadata}
     FROM read_parquet('${file.replaceAll("'", "''")}')`,
  );
  return read.getRowObjectsJS().map((r) => ({
    id: r.id,
    stream_id: r.stream_id,
    event_type: r.event_type,
    timestamp: new Date(Number(r.ms)).toISOString(),
    sequence_number: Number(r.sequence_number),
    payload: JSON.parse(r.payload as string) as unknown,
    ...(options.metadata ? { metadata: JSON.parse(r.metadata as string) as unknown } : {}),
  }));
}
