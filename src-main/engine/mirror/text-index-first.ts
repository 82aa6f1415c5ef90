import type Database from 'better-sqlite3';
import type { Condition, WhereNode } from '../../../src-shared/contract/query';
import { ftsQuery } from '../query/text-conditions';
import { textIndexedUpto, textTable } from '../search/text-index';

/**
 * Whether SQLite answers this `where` sooner than the mirror: one of its top-level conditions
 * (every match satisfies it) is a regex whose literals the text index finds in fewer than
 * `fewHits` events, counting the events the index does not hold yet, which SQLite tests too.
 * SQLite then tests a few thousand events (~3-5 us each) where the mirror reads the field of
 * every event (`quokka \w+ set` on 1M messages: 49 ms against 1.6 s, performance.md). The
 * hits are counted up to `fewHits` only: a few milliseconds at most.
 */
export function textIndexFindsFew(
  db: Database.Database,
  ino: number,
  head: number,
  where: readonly WhereNode[] | undefined,
  fewHits: number,
): boolean {
  const regexes = (where ?? []).filter(
    (n): n is Condition & { operator: 'matches' | 'imatches'; value: string } =>
      'field' in n &&
      (n.operator === 'matches' || n.operator === 'imatches') &&
      typeof n.value === 'string',
  );
  if (regexes.length === 0 || fewHits <= 0) return false;
  const upto = textIndexedUpto(db, ino);
  if (upto === null) return false;
  const unindexed = db
    .prepare<[number], number>('SELECT count(*) FROM text_unindexed WHERE ino = ?')
    .pluck()
    .get(ino)!;
  const untested = Math.max(0, head - upto) + unindexed;
  if (untested >= fewHits) return false;
  const table = textTable(ino);
  const hits = db
    .prepare<[string, number], number>(
      `SELECT count(*) FROM (SELECT 1 FROM ${table} WHERE ${table} MATCH ? LIMIT ?)`,
    )
    .pluck();
  return regexes.some((c) => {
    const query = ftsQuery(c.operator, c.value);
    return query !== null && hits.get(query, fewHits - untested)! + untested < fewHits;
  });
}
