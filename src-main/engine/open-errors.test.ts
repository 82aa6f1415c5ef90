import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliArgs } from '../test-support/cli-process';
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
    dir = tempDir();
    const file = path.join(dir.dir, 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(100));
    expectRefused(file, /not a SQLite database/u);
  });

  it('a file shorter than a SQLite header is refused too', () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'short.db');
    fs.writeFileSync(file, 'SQLite');
    expectRefused(file, /not a SQLite database/u);
  });

  it("another program's SQLite database (rollback journal, no app id) is refused", () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'other.db');
    const db = new Database(file);
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ada')");
    db.close();
    expectRefused(file, /another program/u);
  });

  it('an Eventlens file written by a newer version is refused', async () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'newer.db');
    await eventlensFile(file);
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expectRefused(file, /newer Eventlens/u);
  });

  it('a corrupt Eventlens file is refused', async () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'corrupt.db');
    await eventlensFile(file);
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over every page after the first (the schema stays readable, the b-trees don't).
    for (let p = 1; p * pageSize < bytes.length; p++) {
      bytes.fill(0xa5, p * pageSize + 8, p * pageSize + 200);
    }
    fs.writeFileSync(file, bytes);
    expectRefused(file, /corrupt|integrity/u);
  });

  it('an empty file becomes a new database; a good one opens with its data', async () => {
    dir = tempDir();
    const empty = path.join(dir.dir, 'empty.db');
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
