import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliArgs, unprivileged } from '../test-support/cli-process';
import { tempDir } from '../test-support/temp-db';
import { Engine } from './engine';
import { DatabaseOpenError } from './errors';
import { EventLogService } from './service';

/**
 * Files Eventlens must refuse, with a sentence a person can act on, without changing a byte:
 * not SQLite, another program's SQLite database, a corrupt file, a newer schema.
 */
let dir: { dir: string; cleanup: () => void };
afterEach(() => dir?.cleanup());

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function expectRefused(file: string, message: RegExp): void {
  const before = sha(file);
  let error: unknown;
  try {
    Engine.open(file).close();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(DatabaseOpenError);
  expect((error as Error).message).toMatch(message);
  expect(sha(file), 'the file was modified').toBe(before);
  // The CLI prints the sentence and exits with 1, writing nothing to stdout.
  const cli = runCliArgs(['listInstances', '--db', file]);
  expect(cli.code).toBe(1);
  expect(cli.stdout).toBe('');
  expect(cli.stderr).toMatch(message);
  expect(sha(file), 'the CLI modified the file').toBe(before);
}

/** The path of `name` in a new temp folder (removed after the test). */
function freshFile(name: string): string {
  dir = tempDir();
  return path.join(dir.dir, name);
}

/** Opens `file` with plain SQLite (another program, as it were), runs `edit`, closes it. */
function editDatabase(file: string, edit: (db: Database.Database) => void): void {
  const db = new Database(file);
  edit(db);
  db.close();
}

/** A copy in rollback-journal mode, as `VACUUM INTO` and backups make them; `edit` runs on it. */
function rollbackCopy(source: string, target: string, edit?: (db: Database.Database) => void) {
  const db = new Database(source, { readonly: true });
  db.prepare('VACUUM INTO ?').run(target);
  db.close();
  if (edit) editDatabase(target, edit);
  expect(journalModeBytes(target), 'the copy is in rollback-journal mode').toEqual([1, 1]);
}

/** `name` in a new temp folder: a rollback-journal copy of a good Eventlens file, `edit` run on it. */
async function rollbackCopyOfGood(
  name: string,
  edit?: (db: Database.Database) => void,
): Promise<string> {
  const good = freshFile('good.db');
  await eventlensFile(good);
  const file = path.join(dir.dir, name);
  rollbackCopy(good, file, edit);
  return file;
}

/** Header bytes 18-19: 1 1 in rollback-journal mode, 2 2 in WAL mode. */
const journalModeBytes = (file: string) => [...fs.readFileSync(file).subarray(18, 20)];

/** Scribbles over every page after the first: the schema stays readable, the b-trees don't. */
function corruptPages(file: string): void {
  const bytes = fs.readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  for (let p = 1; p * pageSize < bytes.length; p++) {
    bytes.fill(0xa5, p * pageSize + 8, p * pageSize + 200);
  }
  fs.writeFileSync(file, bytes);
}

/**
 * A defect only a full check finds: the header's freelist count says 3 pages, the freelist has
 * none. Every read and write works; quick_check reports "Freelist: size is 0 but should be 3".
 */
function wrongFreelistCount(file: string): void {
  const bytes = fs.readFileSync(file);
  bytes.writeUInt32BE(3, 36);
  fs.writeFileSync(file, bytes);
}

async function eventlensFile(file: string): Promise<void> {
  const engine = Engine.open(file);
  const api = new EventLogService(engine).api;
  await api.createInstance({ name: 'a' });
  await api.appendEvents({
    instanceId: 'a',
    events: Array.from({ length: 300 }, (_, i) => ({ streamId: `s${i % 5}`, payload: { i } })),
  });
  engine.close();
}

describe('opening files that are not usable Eventlens databases', () => {
  it('a text file is "not a SQLite database"', () => {
    const file = freshFile('notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(100));
    expectRefused(file, /not a SQLite database/u);
  });

  it('a file shorter than a SQLite header is refused too', () => {
    const file = freshFile('short.db');
    fs.writeFileSync(file, 'SQLite');
    expectRefused(file, /not a SQLite database/u);
  });

  it("another program's SQLite database (rollback journal, no app id) is refused", () => {
    const file = freshFile('other.db');
    editDatabase(file, (db) =>
      db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ada')"),
    );
    expectRefused(file, /another program/u);
  });

  it('an Eventlens file written by a newer version is refused', async () => {
    const file = freshFile('newer.db');
    await eventlensFile(file);
    editDatabase(file, (db) => db.pragma('user_version = 999'));
    expectRefused(file, /newer Eventlens/u);
  });

  it('a corrupt Eventlens file is refused', async () => {
    const file = freshFile('corrupt.db');
    await eventlensFile(file);
    corruptPages(file);
    expectRefused(file, /corrupt|integrity/u);
  });

  // Copies in rollback-journal mode: the switch to WAL rewrites header bytes 18-19, so every
  // check must come before it.
  it('a rollback-journal copy with a newer schema version is refused and left as it was', async () => {
    const file = await rollbackCopyOfGood('newer-copy.db', (db) => db.pragma('user_version = 999'));
    expectRefused(file, /newer Eventlens/u);
  });

  it('a rollback-journal copy with a corrupt page is refused and left as it was', async () => {
    const file = await rollbackCopyOfGood('corrupt-copy.db');
    corruptPages(file);
    expectRefused(file, /corrupt|integrity/u);
  });

  it('a rollback-journal copy with a defect only a full check finds is refused before adoption', async () => {
    const file = await rollbackCopyOfGood('freelist-copy.db');
    wrongFreelistCount(file);
    expectRefused(file, /integrity check.*Freelist/u);
  });

  it('a file with a hot journal (an interrupted write of another program) is left as it was', () => {
    const live = freshFile('live.db');
    const db = new Database(live);
    db.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('a')");
    db.pragma('cache_size = 2'); // spills to the file mid-transaction, behind a journal
    db.exec(`BEGIN; WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000)
      INSERT INTO t SELECT randomblob(1000) FROM c`);
    // A copy of the file and its journal as a crash in the middle would leave them.
    const file = path.join(dir.dir, 'crashed.db');
    fs.copyFileSync(live, file);
    fs.copyFileSync(`${live}-journal`, `${file}-journal`);
    db.close();
    const journal = sha(`${file}-journal`);
    expectRefused(file, /interrupted write of another program \(a hot journal/u);
    expect(sha(`${file}-journal`)).toBe(journal);
  });

  it('an empty SQLite file of another program with a user_version is not called "newer"', () => {
    const file = freshFile('versioned.db');
    editDatabase(file, (db) => db.pragma('user_version = 7'));
    expectRefused(file, /another program/u);
  });

  it('a good rollback-journal copy is checked, then adopted in WAL mode with its data', async () => {
    const file = await rollbackCopyOfGood('copy.db');
    const engine = Engine.open(file);
    expect(engine.stats('a').eventCount).toBe(300);
    engine.close();
    expect(journalModeBytes(file)).toEqual([2, 2]);
  });
});

describe('opening is flat in size: no full check of a file already in WAL mode', () => {
  it('opens a WAL-mode file with a defect only a full check finds; `eventlens check` finds it', async () => {
    const file = freshFile('wal.db');
    await eventlensFile(file);
    wrongFreelistCount(file);
    const engine = Engine.open(file);
    expect(engine.stats('a').eventCount).toBe(300);
    engine.close();
    const check = runCliArgs(['check', '--db', file]);
    expect(check.stdout).toMatch(/^integrity: Freelist: size is 0 but should be 3$/mu);
    expect(check.code).toBe(1);
  });

  it('runs the full check when asked to (integrityCheck: true)', async () => {
    const file = freshFile('wal.db');
    await eventlensFile(file);
    wrongFreelistCount(file);
    expect(() => Engine.open(file, { integrityCheck: true })).toThrow(/Freelist/u);
  });
});

/**
 * A database read-only on disk is browsed read-only. Tests run as root here, for whom
 * permissions do not hold, so the CLI runs as `nobody` (see `unprivileged`).
 */
describe('a database that is read-only on disk', () => {
  function readOnlySetup(folderMode: number, copy: 'wal' | 'rollback') {
    return async () => {
      dir = tempDir();
      fs.chmodSync(dir.dir, 0o755);
      const folder = path.join(dir.dir, 'data');
      fs.mkdirSync(folder);
      const good = path.join(dir.dir, 'good.db');
      await eventlensFile(good);
      const file = path.join(folder, 'events.db');
      if (copy === 'wal') fs.copyFileSync(good, file);
      else rollbackCopy(good, file);
      fs.chmodSync(file, 0o444);
      fs.chmodSync(folder, folderMode);
      return file;
    };
  }
  const user = unprivileged();

  it.each([
    ['a chmod 444 file in WAL mode', 0o777, 'wal'],
    ['a chmod 444 file in WAL mode, folder writable by nobody else', 0o1777, 'wal'],
    ['a backup (rollback journal) in a read-only folder', 0o555, 'rollback'],
  ] as const)('%s: queries work, appends are refused saying why', async (_name, mode, copy) => {
    const file = await readOnlySetup(mode, copy)();
    const before = sha(file);
    const list = runCliArgs(['listInstances', '--db', file, '--compact'], { user });
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    const query = runCliArgs(
      ['queryEvents', '{"query":{"from":{"instance":"a"},"limit":5}}', '--db', file, '--compact'],
      { user },
    );
    expect(query.code).toBe(0);
    expect(JSON.parse(query.stdout)).toMatchObject({
      success: true,
      data: { result: { total: 300 } },
    });
    const append = runCliArgs(
      ['appendEvent', '{"instanceId":"a","streamId":"s0"}', '--db', file, '--compact'],
      { user },
    );
    expect(append.code).toBe(1);
    const answer = JSON.parse(append.stdout) as { code: string; error: string };
    expect(answer.code).toBe('STORAGE_ERROR');
    expect(answer.error).toMatch(/read-only.*(permission|not writable)/u);
    expect(sha(file), 'the file was modified').toBe(before);
  });

  it('a WAL-mode file in a read-only folder is refused with what to do', async () => {
    const file = await readOnlySetup(0o555, 'wal')();
    const before = sha(file);
    const list = runCliArgs(['listInstances', '--db', file], { user });
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/read-only folder.*Copy it to a writable folder/u);
    expect(list.stderr.trim().split('\n')).toHaveLength(1);
    expect(sha(file)).toBe(before);
  });

  it('Engine.open with readonly: true refuses writes with a sentence', async () => {
    const file = freshFile('events.db');
    await eventlensFile(file);
    const engine = Engine.open(file, { readonly: true });
    const api = new EventLogService(engine).api;
    expect((await api.queryEvents({ query: { from: { instance: 'a' } } })).success).toBe(true);
    const refused = await api.createInstance({ name: 'b' });
    expect(refused).toMatchObject({ success: false, code: 'STORAGE_ERROR' });
    expect(refused.success ? '' : refused.error).toMatch(/read-only.*can be browsed and queried/u);
    engine.close();
  });

  it('an empty file becomes a new database; a good one opens with its data', async () => {
    const empty = freshFile('empty.db');
    fs.writeFileSync(empty, '');
    Engine.open(empty).close();
    expect(fs.statSync(empty).size).toBeGreaterThan(0);
    const good = path.join(dir.dir, 'good.db');
    await eventlensFile(good);
    const cli = runCliArgs(['getInstanceStats', '{"instanceId":"a"}', '--db', good, '--compact']);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ success: true, data: { eventCount: 300 } });
  });
});
