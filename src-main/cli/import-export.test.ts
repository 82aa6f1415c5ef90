import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportReport } from '../../src-shared/contract/import-spec';
import { dataset } from '../test-support/datasets';
import { collect, runCli, startCli } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-db';

/** The CLI as a user runs it: real processes (node bin/eventlens.js) on real files. */
let tmp: ReturnType<typeof tempDir>;
let db: string;
const apache = () => dataset('elastic-apache-access', 'apache_logs');

beforeAll(() => {
  tmp = tempDir();
  db = path.join(tmp.dir, 'cli.db');
});
afterAll(() => tmp.cleanup());

async function stats(instance: string, file = db) {
  const r = await runCli([
    'getInstanceStats',
    JSON.stringify({ instanceId: instance }),
    '--db',
    file,
    '--compact',
  ]);
  return JSON.parse(r.stdout) as {
    success: boolean;
    data?: { eventCount: number; eventTypes: unknown[] };
  };
}

async function instances(file: string) {
  const r = await runCli(['listInstances', '--db', file, '--compact']);
  return (JSON.parse(r.stdout) as { data: { instances: { name: string }[] } }).data.instances.map(
    (i) => i.name,
  );
}

describe('eventlens import', () => {
  it('imports the Apache log, reports line 8899 and writes the report file', async () => {
    const report = path.join(tmp.dir, 'bad.txt');
    const r = await runCli([
      'import',
      apache(),
      '--instance',
      'web',
      '--db',
      db,
      '--report',
      report,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Imported 9,999 events into "web" \(created\) from 1 file/u);
    expect(r.stdout).toContain('apache_logs:8899: does not match the apache-combined pattern');
    expect(fs.readFileSync(report, 'utf8')).toMatch(/^apache_logs:8899: does not match/mu);
    expect((await stats('web')).data?.eventCount).toBe(9_999);
  });

  it('prints the report as JSON with --json', async () => {
    const r = await runCli([
      'import',
      dataset('gharchive', '2021-07-21-few-hours.json'),
      '-i',
      'gh',
      '--db',
      db,
      '--json',
      '-q',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as ImportReport;
    expect(report).toMatchObject({ status: 'completed', preset: 'gharchive', events: 800, bad: 0 });
  });

  it('previews without touching the database; a dry run reads everything and stores nothing', async () => {
    const fresh = path.join(tmp.dir, 'fresh.db');
    const p = await runCli([
      'import',
      dataset('loghub', 'OpenSSH', 'OpenSSH_2k.log'),
      '-i',
      'ssh',
      '--stream',
      'pid',
      '--year',
      '2017',
      '--preview',
      '2',
      '--db',
      fresh,
    ]);
    expect(p.code).toBe(0);
    const preview = JSON.parse(p.stdout) as ImportPreview;
    expect(preview).toMatchObject({ format: 'text', preset: 'syslog-rfc3164' });
    expect(preview.events.map((e) => [e.stream_id, e.timestamp])).toEqual([
      ['24200', '2017-12-10T06:55:46.000Z'],
      ['24200', '2017-12-10T06:55:46.000Z'],
    ]);
    expect(fs.existsSync(fresh)).toBe(false);
    const d = await runCli(['import', apache(), '-i', 'dry', '--dry-run', '--db', db]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^Would import 9,999 events into no instance/u);
    expect(await instances(db)).not.toContain('dry');
  });

  it('--strict imports nothing when a line is bad', async () => {
    const r = await runCli(['import', apache(), '-i', 'strict', '--strict', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--strict: nothing was imported');
    expect(await instances(db)).not.toContain('strict');
  });

  it('exits 1 naming a file it cannot read, 2 on usage errors, and creates no database', async () => {
    const nodb = path.join(tmp.dir, 'never.db');
    const missing = path.join(tmp.dir, 'missing.log');
    const m = await runCli(['import', missing, '-i', 'x', '--db', nodb]);
    expect([m.code, m.stderr.trim()]).toEqual([
      1,
      `eventlens: ${missing}: cannot read it (no such file)`,
    ]);
    const u1 = await runCli(['import', apache(), '--db', nodb]);
    expect(u1.code).toBe(2);
    expect(u1.stderr).toContain('--instance NAME is required');
    const u2 = await runCli(['import', apache(), '-i', 'x', '--preset', 'nope', '--db', nodb]);
    expect(u2.code).toBe(2);
    expect(u2.stderr).toContain('unknown preset "nope"');
    const u3 = await runCli([
      'import',
      apache(),
      '-i',
      'x',
      '--time-format',
      'yyyy-QQ',
      '--db',
      nodb,
    ]);
    expect(u3.code).toBe(2);
    expect(fs.existsSync(nodb)).toBe(false);
    const list = await runCli(['import', '--list-presets']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^\s+zeek\s+ndjson\s+Zeek logs/mu);
    const help = await runCli(['help', 'import']);
    expect(help.stdout).toContain('Usage: eventlens import FILE... --instance NAME');
  });

  it('Ctrl-C cancels cleanly: exit 130, committed batches stay and are whole', async () => {
    const big = path.join(tmp.dir, 'big.ndjson');
    const fd = fs.openSync(big, 'w');
    for (let chunk = 0; chunk < 20; chunk++) {
      let text = '';
      for (let i = chunk * 10_000; i < (chunk + 1) * 10_000; i++) {
        text += `{"stream_id":"s${i % 11}","event_type":"e","timestamp":${1_700_000_000_000 + i},"sequence_number":0,"payload":{"i":${i}}}\n`;
      }
      fs.writeSync(fd, text);
    }
    fs.closeSync(fd);
    const child = startCli(['import', big, '-i', 'big', '--batch-size', '1000', '--db', db]);
    const done = collect(child);
    // Wait for the first progress line on stderr, then interrupt.
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        if (d.toString().includes('importing:')) resolve();
      });
    });
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    const m = /^Cancelled: ([\d,]+) events imported into "big"/mu.exec(r.stdout);
    expect(m).not.toBeNull();
    const n = Number(m![1]!.replace(/,/gu, ''));
    expect(n).toBeLessThan(200_000);
    expect(n % 1_000).toBe(0);
    expect((await stats('big')).data?.eventCount).toBe(n);
  });
});

describe('eventlens export', () => {
  it('writes every format, reading the format from the file name', async () => {
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const count = async (q: string) => Number((await duck.runAndReadAll(q)).getRows()[0]![0]);
    for (const ext of ['ndjson', 'json', 'csv', 'parquet']) {
      const out = path.join(tmp.dir, `gh.${ext}`);
      const r = await runCli(['export', '--instance', 'gh', '--out', out, '--db', db]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(`^Exported 800 events to .*gh\\.${ext} \\(${ext}, `, 'u'),
      );
      const n =
        ext === 'ndjson'
          ? fs.readFileSync(out, 'utf8').trimEnd().split('\n').length
          : ext === 'json'
            ? (JSON.parse(fs.readFileSync(out, 'utf8')) as unknown[]).length
            : ext === 'csv'
              ? await count(
                  `SELECT count(*) FROM read_csv('${out}', header = true, all_varchar = true)`,
                )
              : await count(`SELECT count(*) FROM '${out}'`);
      expect(n).toBe(800);
    }
  });

  it('takes the query as JSON, @file, a file name, or queryEvents params; columns for CSV', async () => {
    const query = {
      from: { instance: 'gh' },
      where: [{ field: 'event_type', operator: 'eq', value: 'PushEvent' }],
    };
    const qfile = path.join(tmp.dir, 'q.json');
    fs.writeFileSync(qfile, JSON.stringify({ query }));
    for (const arg of [JSON.stringify(query), `@${qfile}`, qfile]) {
      const out = path.join(tmp.dir, 'push.csv');
      const r = await runCli([
        'export',
        '--query',
        arg,
        '--out',
        out,
        '--columns',
        'stream_id,payload.ref',
        '--db',
        db,
        '--json',
      ]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        status: 'completed',
        rows: 425,
        columns: ['stream_id', 'payload.ref'],
      });
      expect(fs.readFileSync(out, 'utf8').split('\r\n')[0]).toBe('"stream_id","payload.ref"');
    }
  });

  it('CSV protects against spreadsheet formulas unless --raw-csv, as --help says', async () => {
    const agent = "=cmd|' /C calc'!A0";
    const appended = await runCli([
      'appendEvent',
      JSON.stringify({ instanceId: 'ua', payload: { agent }, autoCreateInstance: true }),
      '--db',
      db,
    ]);
    expect(appended.code).toBe(0);
    const cellOf = async (extra: string[]) => {
      const out = path.join(tmp.dir, `ua${extra.join('')}.csv`);
      const args = ['export', '-i', 'ua', '-o', out, '--columns', 'payload.agent', '--db', db];
      const r = await runCli([...args, ...extra]);
      expect(r.code).toBe(0);
      return fs.readFileSync(out, 'utf8').split('\r\n')[1];
    };
    expect(await cellOf([])).toBe(`"'${agent}"`);
    expect(await cellOf(['--raw-csv'])).toBe(agent);
    const wrong = await runCli(['export', '-i', 'ua', '-o', 'x.ndjson', '--raw-csv', '--db', db]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--raw-csv: applies to CSV exports');
    const help = await runCli(['export', '--help']);
    expect(help.stdout).toMatch(/--raw-csv\s+CSV: write every value exactly as stored/u);
  });

  it('round trip: export NDJSON, import into a new instance, same counts per type', async () => {
    const out = path.join(tmp.dir, 'gh-rt.ndjson');
    expect((await runCli(['export', '-i', 'gh', '-o', out, '--db', db])).code).toBe(0);
    const r = await runCli(['import', out, '-i', 'gh-copy', '--db', db, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ preset: 'eventlens', events: 800 });
    expect((await stats('gh-copy')).data?.eventTypes).toEqual((await stats('gh')).data?.eventTypes);
  });

  it('exits 1 for an unknown instance and 2 for usage errors, writing nothing', async () => {
    const out = path.join(tmp.dir, 'none.csv');
    const r = await runCli(['export', '-i', 'nope', '-o', out, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no instance with id or name "nope"');
    expect(
      (await runCli(['export', '-i', 'web', '-o', path.join(tmp.dir, 'x.txt'), '--db', db])).code,
    ).toBe(2);
    expect((await runCli(['export', '-o', out, '--db', db])).code).toBe(2);
    expect((await runCli(['export', '--query', '{"from":{}}', '-o', out, '--db', db])).code).toBe(
      2,
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});
