import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import type { JsonRoot } from '../../../src-shared/contract/fields';
import { sql } from '../db/sql';
import { rows, run, num } from './duck';
import {
  PathTree,
  columnName,
  kindType,
  numberStats,
  type PathNode,
  type ValueKind,
} from './path-tree';
import type { NewColumn } from './slice-columns';

/**
 * The mirror's own tables in DuckDB:
 *
 *   mirror_meta       key/value: the format version.
 *   mirror_instances  per instance: which SQLite instance it mirrors (number, id and a hash of
 *                     its salt, so a deleted and recreated instance is never mistaken for the
 *                     old one) and `mirrored_to`, the last position copied. Rows 1..mirrored_to
 *                     are in `ev_<ino>`: the position moves in the same transaction as the rows,
 *                     with `anchor`, a hash of the whole event at that position (eventAnchor).
 *   mirror_paths      per instance, its path tree (path-tree.ts): a row per column (with the
 *                     number statistics of a numeric one), per path that held an object
 *                     (kind 'o') and per column the cap refused ('x').
 *   ev_<ino>          the events: pos, stream, type, ts, seq, then c1, c2, ... (path-tree.ts).
 *
 * A file of another format version is emptied and rebuilt: the mirror is derived data.
 */
export const formatVersion = '1';

export interface MirroredInstance {
  ino: number;
  instanceId: string;
  saltCheck: string;
  mirroredTo: number;
  /** eventAnchor of the event at mirroredTo ('' at 0). */
  anchor: string;
  tree: PathTree;
  /** The dynamic columns in table order (column number order). */
  columns: { col: number; kind: ValueKind }[];
}

export const mirrorTable = (ino: number): string => {
  if (!Number.isSafeInteger(ino) || ino <= 0) throw new Error(`bad instance number ${ino}`);
  return `ev_${ino}`;
};

/** A check of the instance's salt that does not store the salt (it signs cursors). */
export function saltCheck(salt: string): string {
  return createHash('sha256').update(`eventlens-mirror:${salt}`).digest('hex').slice(0, 16);
}

export async function ensureSchema(conn: DuckDBConnection): Promise<void> {
  await run(conn, 'CREATE TABLE IF NOT EXISTS mirror_meta (key VARCHAR, value VARCHAR)');
  const [row] = await rows(conn, "SELECT value FROM mirror_meta WHERE key = 'format'");
  if (row && row[0] === formatVersion) return;
  // Another format, or a new file: start over.
  await run(conn, 'BEGIN');
  try {
    const tables = await rows(
      conn,
      "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'",
    );
    for (const [name] of tables) {
      if (typeof name === 'string' && /^(ev_\d+|mirror_instances|mirror_paths)$/u.test(name)) {
        await run(conn, `DROP TABLE ${name}`);
      }
    }
    await run(conn, 'DELETE FROM mirror_meta');
    await run(
      conn,
      `CREATE TABLE mirror_instances (ino BIGINT, instance_id VARCHAR, salt_check VARCHAR,
        mirrored_to BIGINT, anchor VARCHAR, next_column BIGINT)`,
    );
    await run(
      conn,
      `CREATE TABLE mirror_paths (ino BIGINT, root VARCHAR, segments VARCHAR, kind VARCHAR,
        col BIGINT, frac_bits BIGINT, max_exp BIGINT)`,
    );
    await run(conn, sql`INSERT INTO mirror_meta VALUES ('format', ${formatVersion})`);
    await run(conn, 'COMMIT');
  } catch (err) {
    await run(conn, 'ROLLBACK');
    throw err;
  }
}

export async function loadInstances(conn: DuckDBConnection): Promise<MirroredInstance[]> {
  const list = await rows(
    conn,
    'SELECT ino, instance_id, salt_check, mirrored_to, anchor, next_column FROM mirror_instances ORDER BY ino',
  );
  const out: MirroredInstance[] = [];
  for (const [ino, id, check, to, anchor, next] of list) {
    out.push(
      await loadInstance(conn, num(ino), {
        instanceId: id as string,
        saltCheck: check as string,
        mirroredTo: num(to),
        anchor: anchor as string,
        nextColumn: num(next),
      }),
    );
  }
  return out;
}

async function loadInstance(
  conn: DuckDBConnection,
  ino: number,
  row: Pick<MirroredInstance, 'instanceId' | 'saltCheck' | 'mirroredTo' | 'anchor'> & {
    nextColumn: number;
  },
): Promise<MirroredInstance> {
  const tree = new PathTree(row.nextColumn);
  const columns: MirroredInstance['columns'] = [];
  const paths = await rows(
    conn,
    sql`SELECT root, segments, kind, col, frac_bits, max_exp FROM mirror_paths
      WHERE ino = ${BigInt(ino)} ORDER BY col`,
  );
  for (const [root, segments, kind, col, fracBits, maxExp] of paths) {
    const node = tree.restore(root as JsonRoot, JSON.parse(segments as string) as string[]);
    if (fracBits !== null) node.numbers = numberStats(num(fracBits), num(maxExp));
    if (kind === 'o') node.object = true;
    else if (kind === 'x') node.unmirrored = true;
    else {
      node.cols[kind as ValueKind] = num(col);
      columns.push({ col: num(col), kind: kind as ValueKind });
    }
  }
  const { instanceId, saltCheck, mirroredTo, anchor } = row;
  return { ino, instanceId, saltCheck, mirroredTo, anchor, tree, columns };
}

/** Reloads one instance (after a failed transaction left the in-memory tree ahead). */
export async function reloadInstance(
  conn: DuckDBConnection,
  ino: number,
): Promise<MirroredInstance | undefined> {
  const [row] = await rows(
    conn,
    sql`SELECT instance_id, salt_check, mirrored_to, anchor, next_column FROM mirror_instances
      WHERE ino = ${BigInt(ino)}`,
  );
  if (!row) return undefined;
  return loadInstance(conn, ino, {
    instanceId: row[0] as string,
    saltCheck: row[1] as string,
    mirroredTo: num(row[2]),
    anchor: row[3] as string,
    nextColumn: num(row[4]),
  });
}

/** Creates an empty mirror of an instance (dropping whatever was there under its number). */
export async function createInstance(
  conn: DuckDBConnection,
  ino: number,
  instanceId: string,
  salt: string,
): Promise<MirroredInstance> {
  await dropInstance(conn, ino);
  const check = saltCheck(salt);
  await run(
    conn,
    `CREATE TABLE ${mirrorTable(ino)} (pos BIGINT NOT NULL, stream VARCHAR NOT NULL,
      type VARCHAR NOT NULL, ts BIGINT NOT NULL, seq BIGINT NOT NULL)`,
  );
  await run(
    conn,
    sql`INSERT INTO mirror_instances VALUES (${BigInt(ino)}, ${instanceId}, ${check}, 0, '', 1)`,
  );
  const tree = new PathTree(1);
  return { ino, instanceId, saltCheck: check, mirroredTo: 0, anchor: '', tree, columns: [] };
}

export async function dropInstance(conn: DuckDBConnection, ino: number): Promise<void> {
  await run(conn, `DROP TABLE IF EXISTS ${mirrorTable(ino)}`);
  await run(conn, sql`DELETE FROM mirror_instances WHERE ino = ${BigInt(ino)}`);
  await run(conn, sql`DELETE FROM mirror_paths WHERE ino = ${BigInt(ino)}`);
}

function segmentsOf(node: PathNode): string {
  return JSON.stringify(node.segments);
}

/**
 * Adds the columns and path facts a batch found, inside the caller's transaction: the table's
 * new columns, their rows in mirror_paths, and the objects and refusals.
 */
export async function addPaths(
  conn: DuckDBConnection,
  mirrored: MirroredInstance,
  newColumns: readonly NewColumn[],
  newObjects: readonly PathNode[],
): Promise<void> {
  const ino = BigInt(mirrored.ino);
  for (const c of newColumns) {
    const segments = segmentsOf(c.node);
    if (c.col === 0) {
      await run(
        conn,
        sql`INSERT INTO mirror_paths VALUES (${ino}, ${c.node.root}, ${segments}, 'x', NULL, NULL, NULL)`,
      );
      continue;
    }
    await run(
      conn,
      `ALTER TABLE ${mirrorTable(mirrored.ino)} ADD COLUMN ${columnName(c.col)} ${kindType[c.kind]}`,
    );
    await run(
      conn,
      sql`INSERT INTO mirror_paths VALUES (${ino}, ${c.node.root}, ${segments}, ${c.kind},
        ${BigInt(c.col)}, NULL, NULL)`,
    );
  }
  for (const node of newObjects) {
    await run(
      conn,
      sql`INSERT INTO mirror_paths VALUES (${ino}, ${node.root}, ${segmentsOf(node)}, 'o', NULL, NULL, NULL)`,
    );
  }
}

/** Records the grown number statistics of numeric columns (path-tree.ts `numbers`). */
export async function saveNumbers(
  conn: DuckDBConnection,
  mirrored: MirroredInstance,
  nodes: Iterable<PathNode>,
): Promise<void> {
  for (const node of nodes) {
    if (!node.numbers || node.cols.n === undefined) continue;
    await run(
      conn,
      sql`UPDATE mirror_paths SET frac_bits = ${BigInt(node.numbers.fracBits)},
        max_exp = ${BigInt(node.numbers.maxExp)}
        WHERE ino = ${BigInt(mirrored.ino)} AND kind = 'n' AND col = ${BigInt(node.cols.n)}`,
    );
  }
}

export async function setMirroredTo(
  conn: DuckDBConnection,
  mirrored: MirroredInstance,
  upto: number,
  anchor: string,
): Promise<void> {
  await run(
    conn,
    sql`UPDATE mirror_instances SET mirrored_to = ${BigInt(upto)}, anchor = ${anchor},
      next_column = ${BigInt(mirrored.tree.nextColumn)} WHERE ino = ${BigInt(mirrored.ino)}`,
  );
}
