import type { DuckDBConnection } from '@duckdb/node-api';
import type { Query } from '../../../src-shared/contract/query';
import { join, raw, sql, type Sql } from '../db/sql';
import type { SqlValue } from '../query/typed-value';
import { falseBlob, trueBlob } from '../query/typed-value';
import { num, rows } from './duck';
import { fieldOf, mirrorField, orderKeys, type MirrorField } from './mirror-fields';
import { valueKinds, type PathTree } from './path-tree';

export interface MirrorPage {
  /** The page's positions, in the query's order (limit + 1 of them when there are more). */
  positions: number[];
  /** Each row's sort key as the SQLite engine's typed value (typed-value.ts), for the cursor. */
  keys: SqlValue[];
  total: number;
}

/**
 * The positions of one page of events and the exact total, for an event query whose filter
 * or order reads payload/metadata paths (a scan in SQLite). The events themselves are then
 * read from SQLite by position, as any page is (query/select.ts).
 */
export async function mirrorPage(
  conn: DuckDBConnection,
  tree: PathTree,
  query: Query,
  from: Sql,
  limit: number,
  offset: number,
): Promise<MirrorPage> {
  const desc = query.orderBy?.direction === 'desc';
  const dir = desc ? 'DESC' : 'ASC';
  const f = query.orderBy ? mirrorField(fieldOf(query.orderBy.field), tree) : null;
  const kinds = f ? valueKinds.filter((k) => f.parts[k]) : [];
  // Ties by append order, reversed with the direction (as query/order.ts).
  const order = [...(f ? orderKeys(f, dir) : []), sql`e.pos ${raw(f ? dir : 'ASC')}`];
  const keyCols = kinds.map((k) => sql`, ${f!.parts[k]!}`);
  const page = await rows(
    conn,
    sql`SELECT e.pos${join(keyCols, '')} ${from} ORDER BY ${join(order, ', ')}
      LIMIT ${BigInt(limit + 1)} OFFSET ${BigInt(offset)}`,
  );
  const [count] = await rows(conn, sql`SELECT count(*) ${from}`);
  return {
    positions: page.map((r) => num(r[0])),
    keys: page.map((r) => (f ? typedKey(f, kinds, r.slice(1)) : null)),
    total: num(count?.[0] ?? 0),
  };
}

/** A row's order key in the SQLite typed encoding: what a cursor of that engine holds. */
function typedKey(f: MirrorField, kinds: readonly string[], values: readonly unknown[]): SqlValue {
  for (let i = 0; i < kinds.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    switch (kinds[i]) {
      case 'n':
        return num(v);
      case 's':
        return v as string;
      case 'b':
        return v ? trueBlob : falseBlob;
      default:
        return Buffer.from(v as string, 'utf8');
    }
  }
  return null;
}
