import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { requireBuild } from '../test-support/built-cli';
import { dbFingerprint } from '../test-support/db-fingerprint';
import { RpcProcess, runCliArgs, type WireReply } from '../test-support/cli-process';
import { tempDir } from '../test-support/temp-db';
import { version as packageVersion } from '../../package.json';

/** The `eventlens` command as a real process on a real file (the built out/main/cli.js). */
let dir: { dir: string; cleanup: () => void };
let db: string;
beforeAll(() => requireBuild());
afterEach(() => dir?.cleanup());

function fresh(): string {
  dir = tempDir();
  db = path.join(dir.dir, 'cli.db');
  return db;
}

function fingerprintOf(file: string): string {
  const conn = new Database(file, { readonly: true });
  try {
    return dbFingerprint(conn);
  } finally {
    conn.close();
  }
}

/** Runs one operation and parses its envelope. */
function op(operation: string, params?: unknown, extra: string[] = []) {
  const args = [operation, ...(params === undefined ? [] : [JSON.stringify(params)])];
  const r = runCliArgs([...args, '--db', db, '--compact', ...extra]);
  expect(r.stderr, 'stderr').toBe('');
  return { code: r.code, envelope: JSON.parse(r.stdout) as WireReply };
}

describe('eventlens <operation>', () => {
  it('does all nine operations on a real file, exit 0 on success', () => {
    fresh();
    const created = op('createInstance', { name: 'audit', description: 'd' });
    expect(created.code).toBe(0);
    expect(created.envelope).toMatchObject({ type: 'eventLog.createInstance', success: true });
    const id = (created.envelope.data as { instance: { id: string } }).instance.id;
    expect(op('getInstance', { instanceId: 'audit' }).envelope.data).toMatchObject({
      instance: { id, name: 'audit' },
    });
    expect(op('listInstances').envelope.data).toMatchObject({ instances: [{ id }] });
    expect(op('updateInstance', { instanceId: id, name: 'audit2' }).code).toBe(0);
    const one = op('appendEvent', {
      instanceId: 'audit2',
      streamId: 'u1',
      eventType: 'login',
      payload: { ip: '10.0.0.1' },
    });
    expect(one.envelope.data).toMatchObject({
      event: {
        stream_id: 'u1',
        event_type: 'login',
        sequence_number: 1,
        payload: { ip: '10.0.0.1' },
      },
    });
    const many = op('appendEvents', {
      instanceId: id,
      events: [{ streamId: 'u1' }, { stream_id: 'u2', event_type: 'logout' }],
    });
    expect(many.envelope.data).toMatchObject({ count: 2 });
    const q = op('queryEvents', {
      query: { from: { instance: id, stream: 'u1' }, limit: 10 },
    });
    expect(q.envelope.data).toMatchObject({ result: { total: 2, limit: 10, offset: 0 } });
    expect(op('getInstanceStats', { instanceId: id }).envelope.data).toMatchObject({
      eventCount: 3,
      streamCount: 2,
    });
    expect(op('deleteInstance', { instanceId: id }).envelope.data).toMatchObject({
      deletedEvents: 3,
    });
    expect(op('listInstances').envelope.data).toEqual({ instances: [] });
  });

  it('exit 1 when the operation fails, with the envelope on stdout', () => {
    fresh();
    const missing = op('getInstance', { instanceId: 'nope' });
    expect(missing.code).toBe(1);
    expect(missing.envelope).toMatchObject({ success: false, code: 'NOT_FOUND' });
    const bad = op('appendEvent', { instanceId: 'x', payload: 'no' });
    expect(bad.code).toBe(1);
    expect(bad.envelope).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    expect(bad.envelope.error).toContain('payload');
  });

  it('refuses a lone surrogate (a \\ud800 escape) in the stream id, every time; the file is unchanged', () => {
    fresh();
    expect(op('createInstance', { name: 'a' }).code).toBe(0);
    const before = fingerprintOf(db);
    // JSON.stringify writes the lone surrogate as the escape "\ud800", as a user would type it.
    const params = { instanceId: 'a', streamId: 's\ud800', id: 'my-1' };
    expect(JSON.stringify(params)).toContain('\\ud800');
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = op('appendEvent', params);
      expect(refused.code).toBe(1);
      expect(refused.envelope).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
      expect(refused.envelope.error).toMatch(/^streamId: must be well-formed Unicode/u);
    }
    expect(fingerprintOf(db)).toBe(before);
  });

  it('exit 2 on usage errors, with a pointer to --help', () => {
    fresh();
    for (const args of [
      ['frobnicate'],
      ['createInstance', '{not json'],
      ['createInstance', '{}', '{}'],
      ['createInstance', '@/nonexistent/params.json'],
      ['createInstance', '{"name":"x"}', '--bogus'],
    ]) {
      const r = runCliArgs([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/eventlens: .+\n.*--help/u);
    }
    expect(fs.existsSync(db)).toBe(false); // nothing was opened, let alone created
  });

  it('reads params from stdin with "-" and from a file with "@file"', () => {
    fresh();
    const viaStdin = runCliArgs(['createInstance', '-', '--db', db, '--compact'], {
      input: '{"name":"from-stdin"}',
    });
    expect(viaStdin.code).toBe(0);
    const file = path.join(dir.dir, 'params.json');
    fs.writeFileSync(file, JSON.stringify({ instanceId: 'from-stdin', streamId: 's' }));
    const viaFile = runCliArgs(['appendEvent', `@${file}`, '--db', db, '--compact']);
    expect(viaFile.code).toBe(0);
    expect(JSON.parse(viaFile.stdout)).toMatchObject({ data: { event: { stream_id: 's' } } });
  });

  it('takes the database from EVENTLENS_DB when --db is absent; keeps --request-id', () => {
    fresh();
    const r = runCliArgs(
      ['createInstance', '{"name":"env"}', '--compact', '--request-id', 'req-1'],
      {
        env: { EVENTLENS_DB: db },
      },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ requestId: 'req-1', success: true });
    expect(op('listInstances').envelope.data).toMatchObject({ instances: [{ name: 'env' }] });
  });

  it('prints pretty JSON with --pretty and one line with --compact', () => {
    fresh();
    const pretty = runCliArgs(['listInstances', '--db', db, '--pretty']);
    expect(pretty.stdout.split('\n').length).toBeGreaterThan(3);
    const compact = runCliArgs(['listInstances', '--db', db, '--compact']);
    expect(compact.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--help and help list the operations and commands; --version prints the version', () => {
    for (const args of [['--help'], ['-h'], ['help'], []]) {
      const r = runCliArgs(args);
      expect(r.code, args.join(' ')).toBe(0);
      for (const word of ['createInstance', 'queryEvents', 'getInstanceStats', 'rpc', '--db']) {
        expect(r.stdout).toContain(word);
      }
    }
    const rpcHelp = runCliArgs(['help', 'rpc']);
    expect(rpcHelp.stdout).toContain('one request per line');
    expect(runCliArgs(['rpc', '--help']).stdout).toContain('one request per line');
    expect(runCliArgs(['--version']).stdout.trim()).toBe(packageVersion);
  });
});

describe('eventlens rpc', () => {
  it('answers one envelope per line, in order, and survives bad lines', async () => {
    fresh();
    const rpc = new RpcProcess(db);
    const replies = await Promise.all([
      rpc.send('eventLog.createInstance', { name: 'r' }),
      rpc.sendRaw('{this is not json'),
      rpc.sendRaw('[1,2,3]'),
      rpc.sendRaw('"just a string"'),
      rpc.send('eventLog.nonsense', {}),
      rpc.send('appendEvents', { instanceId: 'r', events: [{ streamId: 'a' }, { streamId: 'a' }] }),
      rpc.send('eventLog.appendEvent', { instanceId: 'r', streamId: 'a' }),
      rpc.send('eventLog.getInstanceStats', { instanceId: 'r' }),
    ]);
    expect(replies.map((r) => [r.success, r.code ?? null])).toEqual([
      [true, null],
      [false, 'VALIDATION_ERROR'],
      [false, 'VALIDATION_ERROR'],
      [false, 'VALIDATION_ERROR'],
      [false, 'VALIDATION_ERROR'],
      [true, null],
      [true, null],
      [true, null],
    ]);
    expect(replies[1].error).toMatch(/^line 2: not valid JSON/u);
    expect(replies[2].error).toMatch(/^line 3: /u);
    expect(replies[0].requestId).toBe('r1');
    expect(replies[7].requestId).toBe('r5');
    expect(replies[6].data).toMatchObject({ event: { sequence_number: 3 } });
    expect(replies[7].data).toMatchObject({ eventCount: 3 });
    expect(await rpc.close()).toBe(0);
    expect(rpc.unexpected).toEqual([]);
  });

  it('accepts numeric request ids and blank lines; ends at the end of stdin with 0', () => {
    fresh();
    const input = [
      '{"type":"eventLog.createInstance","requestId":7,"params":{"name":"n"}}',
      '',
      '   ',
      '{"type":"eventLog.listInstances","requestId":"x","params":{}}',
      '{"type":"eventLog.listInstances"}',
    ].join('\n');
    const r = runCliArgs(['rpc', '--db', db], { input });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as WireReply);
    expect(lines.map((l) => [l.requestId, l.success])).toEqual([
      ['7', true],
      ['x', true],
      [expect.any(String), true],
    ]);
  });
});
