import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import { tempDir } from '../../test-support/temp-db';
import { applyPragmas } from '../db/connection';
import { migrations } from '../db/migrations';
import { Engine } from '../engine';
import {
  ftsPhrase,
  maxIndexedChars,
  textAutomerge,
  textIndexedUpto,
  textTable,
} from './text-index';

let engine: Engine | undefined;
let cleanup: (() => void) | undefined;
afterEach(() => {
  engine?.close();
  cleanup?.();
  engine = undefined;
  cleanup = undefined;
});

function open(): Engine {
  const t = tempDir();
  cleanup = t.cleanup;
  engine = Engine.open(path.join(t.dir, 'e.db'), { autoIndex: false });
  return engine;
}

/** Positions the index finds for a needle (a phrase of its folded form). */
function hits(e: Engine, instance: string, needle: string): number[] {
  const ino = e.instances.require(instance).ino;
  return e.db
    .prepare<[string], number>(
      `SELECT rowid FROM ${textTable(ino)} WHERE ${textTable(ino)} MATCH ?`,
    )
    .pluck()
    .all(ftsPhrase(needle)!);
}

const event = (i: number, extra: Partial<EventInput> = {}): EventInput => ({
  streamId: `stream-${i % 3}`,
  eventType: i % 2 ? 'Login' : 'Logout',
  payload: { message: `user Ärger-${i} from host${i}`, nested: { list: ['Straße', i] } },
  metadata: { agent: 'Googlebot/2.1' },
  ...extra,
});

describe('the text index', () => {
  it('indexes a small append in its own transaction, with every string folded', () => {
    const e = open();
    e.createInstance('a');
    e.append('a', [event(1), event(2, { id: 'Caller-ID-7' })], false);
    expect(textIndexedUpto(e.db, e.instances.require('a').ino)).toBe(2);
    expect(hits(e, 'a', 'ÄRGER-1')).toEqual([1]);
    expect(hits(e, 'a', 'strasse')).toEqual([1, 2]); // ß folds to ss
    expect(hits(e, 'a', 'googlebot')).toEqual([1, 2]); // metadata
    expect(hits(e, 'a', 'stream-2')).toEqual([2]); // the stream id
    expect(hits(e, 'a', 'logout')).toEqual([2]); // the event type
    expect(hits(e, 'a', 'caller-id')).toEqual([2]); // a caller-supplied id
    expect(hits(e, 'a', 'message')).toEqual([]); // keys are not indexed
    expect(hits(e, 'a', 'host1straße')).toEqual([]); // no match across two strings
  });

  it('leaves a large append to the catch-up, which indexes it in chunks', () => {
    const e = open();
    e.createInstance('a');
    e.append('a', [event(0)], false);
    e.append(
      'a',
      Array.from({ length: 250 }, (_, i) => event(i + 1)),
      false,
    );
    const ino = e.instances.require('a').ino;
    expect(textIndexedUpto(e.db, ino)).toBe(1);
    // A small append onto an index that is behind leaves it behind too.
    e.append('a', [event(251)], false);
    expect(textIndexedUpto(e.db, ino)).toBe(1);
    const progress: number[] = [];
    const r = e.catchUpTextIndex('a', { chunk: 100, onProgress: (done) => progress.push(done) });
    expect(r).toEqual({ indexed: 251, remaining: 0 });
    expect(progress).toEqual([100, 200, 251]);
    expect(textIndexedUpto(e.db, ino)).toBe(252);
    expect(hits(e, 'a', 'ärger-251 ')).toEqual([252]);
    expect(hits(e, 'a', 'host17')).toEqual([18, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180]);
    // maxEvents bounds one call; shouldStop ends it between chunks.
    e.append(
      'a',
      Array.from({ length: 300 }, (_, i) => event(i)),
      false,
    );
    expect(e.catchUpTextIndex('a', { chunk: 100, maxEvents: 150 })).toEqual({
      indexed: 150,
      remaining: 150,
    });
    expect(e.catchUpTextIndex('a', { shouldStop: () => true })).toEqual({
      indexed: 0,
      remaining: 150,
    });
    expect(e.catchUpTextIndex('a')).toEqual({ indexed: 150, remaining: 0 });
  });

  it('records an event over the size limit instead of indexing it', () => {
    const e = open();
    e.createInstance('a');
    e.append(
      'a',
      [event(1), { payload: { big: 'x'.repeat(maxIndexedChars), w: 'needle' } }],
      false,
    );
    const ino = e.instances.require('a').ino;
    expect(hits(e, 'a', 'needle')).toEqual([]);
    expect(e.db.prepare('SELECT ino, pos FROM text_unindexed').all()).toEqual([{ ino, pos: 2 }]);
    expect(textIndexedUpto(e.db, ino)).toBe(2);
  });

  it('goes with its instance', () => {
    const e = open();
    e.createInstance('a');
    e.append('a', [event(1), { payload: { big: 'x'.repeat(maxIndexedChars) } }], false);
    const ino = e.instances.require('a').ino;
    e.deleteInstance('a');
    const left = e.db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'tx%'").pluck().all();
    expect(left).toEqual([]);
    expect(e.db.prepare('SELECT count(*) FROM text_marks').pluck().get()).toBe(0);
    expect(e.db.prepare('SELECT count(*) FROM text_unindexed').pluck().get()).toBe(0);
    expect(textIndexedUpto(e.db, ino)).toBeNull();
  });

  it('is created empty for the instances of an older database, then caught up', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'old.db');
    // A file at schema version 4, with events, written by the build before the text index
    // (and before live sources, migrations 6 and 7, stream sort keys, migration 8, and opened
    // files, migration 9).
    {
      const old = Engine.open(file, { autoIndex: false });
      old.createInstance('a');
      old.append('a', [event(1), event(2)], false);
      old.close();
      const raw = new Database(file);
      applyPragmas(raw, 1000);
      raw.exec(
        'DROP TABLE tx_1; DROP TABLE text_marks; DROP TABLE text_unindexed; ' +
          'DROP TABLE follow_files; DROP TABLE follow_sources; DROP TABLE opened_files; ' +
          'DROP INDEX streams_by_sort_key; ALTER TABLE streams DROP COLUMN sort_key',
      );
      raw.pragma('user_version = 4');
      raw.close();
    }
    engine = Engine.open(file, { autoIndex: false });
    expect(engine.db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(textIndexedUpto(engine.db, 1)).toBe(0);
    expect(engine.catchUpTextIndex('a')).toEqual({ indexed: 2, remaining: 0 });
    expect(hits(engine, 'a', 'ärger-2')).toEqual([2]);
  });

  it('merges 16 segments at a time, in a new instance and after migration 10', () => {
    const automerge = (e: Engine, ino: number) =>
      e.db
        .prepare(`SELECT v FROM ${textTable(ino)}_config WHERE k = 'automerge'`)
        .pluck()
        .get();
    expect(textAutomerge).toBe(16);
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'v9.db');
    {
      const old = Engine.open(file, { autoIndex: false });
      old.createInstance('a');
      expect(automerge(old, 1)).toBe(16);
      old.append('a', [event(1)], false);
      old.close();
      // As a build before migration 10 left it: FTS5's default, 4 at a time (its shadow
      // tables are read-only to SQL, so the setting goes back through FTS5's command).
      const raw = new Database(file);
      applyPragmas(raw, 1000);
      raw.exec("INSERT INTO tx_1 (tx_1, rank) VALUES ('automerge', 4)");
      raw.pragma('user_version = 9');
      raw.close();
    }
    engine = Engine.open(file, { autoIndex: false });
    expect(automerge(engine, 1)).toBe(16);
    expect(hits(engine, 'a', 'ärger-1')).toEqual([1]);
    engine.append('a', [event(2)], false);
    expect(hits(engine, 'a', 'ärger-2')).toEqual([2]);
  });
});
