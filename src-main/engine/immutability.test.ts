import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dbFingerprint } from '../test-support/db-fingerprint';
import { ok } from '../test-support/envelopes';
import { servicePerTest } from '../test-support/service-per-test';

const newService = servicePerTest();

describe('events are immutable', () => {
  it('the database itself refuses UPDATE and DELETE, even on a raw connection', async () => {
    const ctx = newService();
    ok(await ctx.api.createInstance({ name: 'a' }));
    ok(
      await ctx.api.appendEvents({
        instanceId: 'a',
        events: [
          { streamId: 's', payload: { v: 1 } },
          { streamId: 's', id: 'mine' },
        ],
      }),
    );
    const table = ctx.engine.db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'ev_[0-9]*'")
      .pluck()
      .get() as string;
    const before = dbFingerprint(ctx.engine.db);
    const raw = new Database(ctx.file);
    try {
      const attempts = [
        `UPDATE ${table} SET seq = 5 WHERE pos = 1`,
        `UPDATE ${table} SET payload = jsonb('{"v":2}')`,
        `UPDATE ${table} SET id = 'other' WHERE id = 'mine'`,
        `DELETE FROM ${table} WHERE pos = 1`,
        `DELETE FROM ${table}`,
        `INSERT INTO ${table} (pos, sno, seq, tno, ts, id, payload, metadata)
           VALUES (1, 1, 1, 1, 0, NULL, jsonb('{}'), jsonb('{}'))
           ON CONFLICT DO UPDATE SET payload = excluded.payload`,
      ];
      for (const statement of attempts) {
        expect(() => raw.exec(statement), statement).toThrow(/immutable/u);
      }
      expect(() => raw.exec(`INSERT INTO ${table} (pos) VALUES (1)`)).toThrow();
    } finally {
      raw.close();
    }
    // REPLACE deletes without DELETE triggers unless recursive triggers are on, which every
    // Eventlens connection sets (a raw connection must set it too: docs/contract-notes.md).
    for (const statement of [
      `INSERT OR REPLACE INTO ${table} (pos, sno, seq, tno, ts, id, payload, metadata)
         VALUES (1, 1, 1, 1, 0, NULL, jsonb('{}'), jsonb('{}'))`,
      `REPLACE INTO ${table} (sno, seq, tno, ts, id, payload, metadata)
         VALUES (1, 9, 1, 0, 'mine', jsonb('{}'), jsonb('{}'))`,
    ]) {
      expect(() => ctx.engine.db.exec(statement), statement).toThrow(/immutable/u);
    }
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
  });
});
