import type { DuckDBConnection } from '@duckdb/node-api';
import { join, sql } from '../db/sql';
import { Stage } from './stage';
import { run } from './duck';
import {
  addPaths,
  eventAnchor,
  mirrorTable,
  reloadInstance,
  saveNumbers,
  setMirroredTo,
  type MirroredInstance,
} from './mirror-schema';
import { columnName, type PathNode } from './path-tree';
import { RowBatch } from './row-batch';
import type { SourceReader } from './source-reader';

export interface CatchUpOptions {
  /** Events per DuckDB transaction. */
  batch: number;
  maxColumns: number;
  /** After each committed batch. */
  onBatch?: (mirroredTo: number) => void;
  /** Checked between batches: true stops the catch-up (it resumes from what was committed). */
  stop?: () => boolean;
}

/** The log changed under the mirror (an instance deleted or replaced meanwhile). */
export class SourceChanged extends Error {}

/**
 * Events read, flattened and staged at a time: a transaction's batch goes in slices, so the
 * objects JSON.parse makes die young (a 122,880-event batch held at once spent a sixth of
 * the catch-up in the garbage collector).
 */
const sliceRows = 8_192;

/**
 * Copies an instance's events past its mirrored position, up to `target`, a batch per DuckDB
 * transaction: the rows, the columns and paths they bring, and the new mirrored position
 * commit together, so a crash at any point leaves the mirror at a batch boundary and the next
 * catch-up resumes there. Positions only grow and have no gaps (append.ts assigns them under
 * the write lock), so "past the mirrored position" is exactly what is missing.
 *
 * Within a batch, each slice is read from SQLite, flattened and appended to the events table
 * (stage.ts); DuckDB compresses the batch's row group as it fills and at the commit.
 *
 * `mirrored` is updated in place. If a transaction fails, it is reloaded from the mirror (the
 * in-memory path tree may have run ahead of what was committed) and the error passed on.
 */
export async function catchUp(
  conn: DuckDBConnection,
  reader: SourceReader,
  mirrored: MirroredInstance,
  target: number,
  options: CatchUpOptions,
): Promise<void> {
  const table = mirrorTable(mirrored.ino);
  while (mirrored.mirroredTo < target && !options.stop?.()) {
    const after = mirrored.mirroredTo;
    const upto = Math.min(target, after + options.batch);
    let anchor = '';
    await run(conn, 'BEGIN');
    try {
      for (let from = after; from < upto; from += sliceRows) {
        const to = Math.min(upto, from + sliceRows);
        const source = reader.read(mirrored.ino, from, to);
        if (source.length !== to - from) {
          throw new SourceChanged(
            `instance ${mirrored.ino}: expected events ${from + 1}..${to}, found ${source.length}`,
          );
        }
        const batch = new RowBatch(mirrored.tree, source.length, options.maxColumns);
        for (const row of source) batch.add(row);
        batch.finish();
        anchor = eventAnchor(source[source.length - 1]!);
        if (batch.newColumns.length + batch.newObjects.length > 0) {
          await addPaths(conn, mirrored, batch.newColumns, batch.newObjects);
          for (const c of batch.newColumns) if (c.col !== 0) mirrored.columns.push(c);
        }
        await saveNumbers(conn, mirrored, batch.numbersChanged);
        for (const node of batch.backfill)
          await backfillObjects(conn, reader, mirrored, node, from);
        await new Stage(batch, mirrored.columns).append(conn, table);
      }
      await setMirroredTo(conn, mirrored, upto, anchor);
      await run(conn, 'COMMIT');
    } catch (err) {
      await run(conn, 'ROLLBACK').catch(() => {});
      const reloaded = await reloadInstance(conn, mirrored.ino);
      if (reloaded) Object.assign(mirrored, reloaded);
      throw err;
    }
    mirrored.mirroredTo = upto;
    mirrored.anchor = anchor;
    options.onBatch?.(upto);
  }
}

/**
 * A path that held only objects gained its first column: the objects of the rows already
 * mirrored belong in its new `j` column too (path-tree.ts). Rare (a path that is sometimes an
 * object and sometimes not), and done in the batch's transaction.
 */
async function backfillObjects(
  conn: DuckDBConnection,
  reader: SourceReader,
  mirrored: MirroredInstance,
  node: PathNode,
  upto: number,
): Promise<void> {
  const col = node.cols.j;
  if (col === undefined || upto === 0) return;
  const objects = reader.objectsAt(mirrored.ino, node.root, node.path, upto);
  if (objects.length === 0) return;
  await run(conn, 'CREATE TEMP TABLE IF NOT EXISTS mirror_backfill (pos BIGINT, v VARCHAR)');
  await run(conn, 'DELETE FROM mirror_backfill');
  for (let i = 0; i < objects.length; i += 500) {
    const part = objects.slice(i, i + 500);
    // Normalised as the catch-up writes objects: JSON.stringify of the parsed value.
    const values = part.map(
      ([pos, text]) => sql`(${BigInt(pos)}, ${JSON.stringify(JSON.parse(text))})`,
    );
    await run(conn, sql`INSERT INTO mirror_backfill VALUES ${join(values, ', ')}`);
  }
  const table = mirrorTable(mirrored.ino);
  await run(
    conn,
    `UPDATE ${table} SET ${columnName(col)} = b.v FROM mirror_backfill b WHERE ${table}.pos = b.pos`,
  );
}
