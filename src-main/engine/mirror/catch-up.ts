import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { join, sql } from '../db/sql';
import type { PathRef } from './flat-slice';
import { Stage } from './stage';
import { run } from './duck';
import {
  addPaths,
  mirrorTable,
  reloadInstance,
  saveNumbers,
  setMirroredTo,
  type MirroredInstance,
} from './mirror-schema';
import { columnName, hasColumns, type PathNode, type PathTree } from './path-tree';
import { SliceColumns } from './slice-columns';
import type { SliceSource, SliceStream } from './slice-source';
import type { SourceReader } from './source-reader';

export interface CatchUpOptions {
  /** Events per DuckDB transaction. */
  batch: number;
  maxColumns: number;
  /** Runs each batch's transaction (the mirror's one writer at a time); none: run it now. */
  lock?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Checked before each batch, under the lock: false when the instance's mirror was replaced. */
  current?: () => boolean;
  /** After each committed batch. */
  onBatch?: (mirroredTo: number) => void;
  /** Checked between batches: true stops the catch-up (it resumes from what was committed). */
  stop?: () => boolean;
}

/**
 * Events read, flattened and appended at a time: a transaction's batch goes in slices, so the
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
 * The slices come from `source` (slice-source.ts): read and flattened on this thread, or on
 * the reader's, which reads ahead while this one appends and commits. Each is placed in the
 * instance's path tree here (slice-columns.ts) and appended to the events table (stage.ts);
 * DuckDB compresses the batch's row group as it fills and at the commit.
 *
 * `mirrored` is updated in place. If a transaction fails, it is reloaded from the mirror (the
 * in-memory path tree may have run ahead of what was committed) and the error passed on; the
 * slices read ahead are dropped with the stream. Between batches another writer (a query
 * folding in the tail) may have moved the instance on: the catch-up then ends, and the
 * caller looks again.
 */
export async function catchUp(
  conn: DuckDBConnection,
  source: SliceSource,
  reader: SourceReader,
  mirrored: MirroredInstance,
  target: number,
  options: CatchUpOptions,
): Promise<void> {
  const lock = options.lock ?? ((fn) => fn());
  let at = mirrored.mirroredTo;
  const stream = source.open({
    ino: mirrored.ino,
    after: at,
    target,
    batch: options.batch,
    slice: sliceRows,
    stored: storedPaths(mirrored.tree),
  });
  try {
    while (at < target && !options.stop?.()) {
      const copied = await lock(async () => {
        if (options.current?.() === false || mirrored.mirroredTo !== at) return false;
        await copyBatch(
          conn,
          stream,
          reader,
          mirrored,
          Math.min(target, at + options.batch),
          options.maxColumns,
        );
        return true;
      });
      if (!copied) return;
      at = mirrored.mirroredTo;
      options.onBatch?.(at);
    }
  } finally {
    stream.close();
  }
}

/**
 * One transaction: the slices up to `upto`, their columns and paths, the new position.
 *
 * The slices go through one appender, which DuckDB flushes into the table in one piece (a
 * row group, compressed once) rather than one per slice: appended 8,192 rows at a time, the
 * same rows cost DuckDB 57% more CPU, most of it at the commit (performance.md). It is
 * flushed and made again only where a statement must see the rows or the table changes: new
 * columns, a backfill, number statistics.
 */
async function copyBatch(
  conn: DuckDBConnection,
  stream: SliceStream,
  reader: SourceReader,
  mirrored: MirroredInstance,
  upto: number,
  maxColumns: number,
): Promise<void> {
  const table = mirrorTable(mirrored.ino);
  let anchor = '';
  let appender: DuckDBAppender | null = null;
  const flush = () => {
    appender?.closeSync(); // flushes what it holds into the table
    appender = null;
  };
  await run(conn, 'BEGIN');
  try {
    for (let from = mirrored.mirroredTo; from < upto;) {
      const slice = await stream.next();
      if (slice.from !== from || slice.rows === 0 || from + slice.rows > upto) {
        throw new Error(
          `mirror: a slice of ${slice.from}+${slice.rows} where ${from}..${upto} was due`,
        );
      }
      const placed = new SliceColumns(mirrored.tree, slice, maxColumns);
      anchor = slice.anchor;
      if (placed.newColumns.length + placed.newObjects.length > 0) {
        flush();
        await addPaths(conn, mirrored, placed.newColumns, placed.newObjects);
        for (const c of placed.newColumns) if (c.col !== 0) mirrored.columns.push(c);
      }
      if (placed.numbersChanged.size > 0) {
        flush();
        await saveNumbers(conn, mirrored, placed.numbersChanged);
      }
      // A backfill comes with its path's first column: flushed above, the UPDATE sees the
      // batch's earlier slices.
      for (const node of placed.backfill) await backfillObjects(conn, reader, mirrored, node, from);
      appender ??= await conn.createAppender(table);
      new Stage(placed, mirrored.columns).append(appender);
      from += slice.rows;
    }
    flush();
    await setMirroredTo(conn, mirrored, upto, anchor);
    await run(conn, 'COMMIT');
  } catch (err) {
    // What the appender holds is dropped with the transaction.
    if (appender) {
      appender.clear();
      appender.closeSync();
    }
    await run(conn, 'ROLLBACK').catch(() => {});
    const reloaded = await reloadInstance(conn, mirrored.ino);
    if (reloaded) Object.assign(mirrored, reloaded);
    throw err;
  }
  mirrored.mirroredTo = upto;
  mirrored.anchor = anchor;
}

/** The paths that have columns in a tree: the reader's hint of where objects are stored. */
function storedPaths(tree: PathTree): PathRef[] {
  const out: PathRef[] = [];
  const visit = (node: PathNode) => {
    if (hasColumns(node)) out.push({ root: node.root, segments: [...node.segments] });
    for (const child of node.children.values()) visit(child);
  };
  visit(tree.roots.payload);
  visit(tree.roots.metadata);
  return out;
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
