import type Database from 'better-sqlite3';
import type { Instance } from '../../src-shared/contract/records';
import { createEventTable, dropEventTable } from './db/event-table';
import { EngineError } from './errors';
import { newInstanceId, newSalt } from './ids';
import { createTextTable, dropTextTable } from './search/text-index';

export interface InstanceRow {
  ino: number;
  id: string;
  name: string;
  description: string | null;
  created_at: number;
  updated_at: number;
  salt: string;
  event_count: number;
  stream_count: number;
  min_ts: number | null;
  max_ts: number | null;
}

export function toInstance(row: InstanceRow): Instance {
  const instance: Instance = {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
  if (row.description !== null) instance.description = row.description;
  return instance;
}

/**
 * Instances. A reference (`instanceId`, `from.instance`) is an id or, as an extension, the
 * instance's unique name: the id is tried first.
 */
export class InstanceStore {
  private readonly byId;
  private readonly byName;
  private readonly all;
  private readonly insert;

  constructor(private readonly db: Database.Database) {
    this.byId = db.prepare<[string], InstanceRow>('SELECT * FROM instances WHERE id = ?');
    this.byName = db.prepare<[string], InstanceRow>('SELECT * FROM instances WHERE name = ?');
    this.all = db.prepare<[], InstanceRow>('SELECT * FROM instances ORDER BY created_at, ino');
    this.insert = db.prepare<[string, string, string | null, number, number, string], InstanceRow>(
      `INSERT INTO instances (id, name, description, created_at, updated_at, salt)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    );
  }

  find(ref: string): InstanceRow | undefined {
    return this.byId.get(ref) ?? this.byName.get(ref);
  }

  require(ref: string): InstanceRow {
    const row = this.find(ref);
    if (!row)
      throw new EngineError('NOT_FOUND', `no instance with id or name "${ref}"`, {
        instanceId: ref,
      });
    return row;
  }

  list(): InstanceRow[] {
    return this.all.all();
  }

  /** Must run inside a write transaction (it creates the instance's event table too). */
  create(name: string, description: string | undefined, id: string = newInstanceId()): InstanceRow {
    this.assertNameFree(name, undefined);
    if (this.byId.get(id))
      throw new EngineError('CONFLICT', `an instance with id "${id}" already exists`);
    const now = Date.now();
    const row = this.insert.get(id, name, description ?? null, now, now, newSalt())!;
    createEventTable(this.db, row.ino);
    createTextTable(this.db, row.ino);
    return row;
  }

  update(ref: string, changes: { name?: string; description?: string }): InstanceRow {
    const row = this.require(ref);
    if (changes.name !== undefined && changes.name !== row.name)
      this.assertNameFree(changes.name, row.ino);
    // updatedAt always moves forward, even within the same millisecond.
    const updatedAt = Math.max(Date.now(), row.updated_at + 1);
    return this.db
      .prepare<[string, string | null, number, number], InstanceRow>(
        'UPDATE instances SET name = ?, description = ?, updated_at = ? WHERE ino = ? RETURNING *',
      )
      .get(
        changes.name ?? row.name,
        changes.description !== undefined ? changes.description : row.description,
        updatedAt,
        row.ino,
      )!;
  }

  /** Drops the instance with all its events; must run inside a write transaction. */
  delete(ref: string): { row: InstanceRow; deletedEvents: number } {
    const row = this.require(ref);
    dropEventTable(this.db, row.ino);
    dropTextTable(this.db, row.ino);
    this.db.prepare('DELETE FROM type_counts WHERE ino = ?').run(row.ino);
    this.db.prepare('DELETE FROM hour_counts WHERE ino = ?').run(row.ino);
    this.db.prepare('DELETE FROM streams WHERE ino = ?').run(row.ino);
    this.db.prepare('DELETE FROM instances WHERE ino = ?').run(row.ino);
    return { row, deletedEvents: row.event_count };
  }

  private assertNameFree(name: string, self: number | undefined): void {
    const byName = this.byName.get(name);
    if (byName && byName.ino !== self) {
      throw new EngineError('CONFLICT', `an instance named "${name}" already exists`, { name });
    }
    // References try ids first, so a name equal to another instance's id could never be reached.
    const byId = this.byId.get(name);
    if (byId && byId.ino !== self) {
      throw new EngineError(
        'CONFLICT',
        `the name "${name}" is already the id of another instance`,
        { name },
      );
    }
  }
}
