import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dbFingerprint } from '../test-support/db-fingerprint';
import { failed, ok } from '../test-support/envelopes';
import { servicePerTest } from '../test-support/service-per-test';
import { Engine } from './engine';
import { EventLogService } from './service';

const newService = servicePerTest();

describe('storage failures are envelopes, not exceptions', () => {
  it('BUSY when another process holds the write lock longer than the busy timeout', async () => {
    const ctx = newService({ busyTimeoutMs: 50 });
    ok(await ctx.api.createInstance({ name: 'a' }));
    const before = dbFingerprint(ctx.engine.db);
    const other = new Database(ctx.file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const env = await ctx.api.appendEvents({ instanceId: 'a', events: [{}, {}] });
      expect(failed(env, 'BUSY')).toContain('busy');
      failed(await ctx.api.createInstance({ name: 'b' }), 'BUSY');
      // Reads still work while someone else writes (WAL).
      expect(ok(await ctx.api.listInstances({})).instances).toHaveLength(1);
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
    expect(ok(await ctx.api.appendEvents({ instanceId: 'a', events: [{}] })).count).toBe(1);
  });

  it('STORAGE_ERROR on a read-only database; reads still answer', async () => {
    const ctx = newService();
    ok(await ctx.api.createInstance({ name: 'a' }));
    ok(await ctx.api.appendEvent({ instanceId: 'a', streamId: 's' }));
    const readonly = Engine.open(ctx.file, { readonly: true });
    try {
      const api = new EventLogService(readonly).api;
      const env = await api.appendEvent({ instanceId: 'a', streamId: 's' });
      expect(failed(env, 'STORAGE_ERROR')).toContain('read-only');
      failed(await api.createInstance({ name: 'b' }), 'STORAGE_ERROR');
      expect(ok(await api.getInstanceStats({ instanceId: 'a' })).eventCount).toBe(1);
    } finally {
      readonly.close();
    }
  });
});
