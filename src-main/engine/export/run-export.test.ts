import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../../../src-shared/contract/export-spec';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { EventRecord } from '../../../src-shared/contract/records';
import { dataset } from '../../test-support/datasets';
import { openTempService } from '../../test-support/temp-db';
import { EngineError } from '../errors';
import { runImport } from '../import/run-import';
import { ExportOutputError } from './file-sink';
import { ExportSpecError, runExport } from './run-export';
import { readParquetEvents } from '../../test-support/parquet-events';

let ctx: ReturnType<typeof openTempService>;
let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;

/** Awkward events: dotted keys, nesting, arrays, quotes, commas, line breaks, unicode, nulls. */
const tricky: EventInput[] = [
  {
    stream_id: 's1',
    event_type: 'a',
    payload: { 'id.orig_h': '10.0.0.1', n: 1, deep: { x: { y: true } } },
  },
  {
    stream_id: 's1',
    event_type: 'b',
    payload: { text: 'say "hi", then\r\nleave', tags: ['x', 'y'], n: null },
  },
  {
    stream_id: 's2',
    event_type: 'a',
    payload: { deep: 'not an object here', é: 'ünï' },
    metadata: { m: 1 },
  },
  { stream_id: 's2', event_type: 'c', payload: {}, timestamp: '2020-01-01T00:00:00.123Z' },
];

beforeAll(async () => {
  ctx = openTempService();
  const gh = await runImport(ctx.engine, { instance: 'gh' }, [
    dataset('gharchive', '2021-07-21-few-hours.json'),
  ]);
  expect(gh.events).toBe(800);
  ctx.engine.append('tricky', tricky, true);
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => ctx.close());

const out = (name: string) => path.join(ctx.dir, name);

/** The columns every export starts with, in this order, before payload and metadata. */
const recordColumns = ['id', 'stream_id', 'event_type', 'timestamp', 'sequence_number'];

/** Exports all of `instance` with `columns`, and checks that the report names them, in order. */
async function exportColumns(
  instance: string,
  format: 'csv' | 'parquet',
  file: string,
  columns: string[],
): Promise<void> {
  const report = await runExport(ctx.engine, {
    query: { from: { instance } },
    format,
    out: out(file),
    columns,
  });
  expect(report.columns).toEqual(columns);
}
const all = (instance: string) =>
  [...ctx.engine.iterateEvents({ from: { instance } })].flat() as EventRecord[];

async function sql(query: string) {
  return (await duck.runAndReadAll(query)).getRowObjectsJson();
}

/** The rows of an exported CSV as DuckDB reads them: every cell a string or null. */
const readCsv = (file: string, options = '') =>
  sql(`SELECT * FROM read_csv('${out(file)}', header = true, all_varchar = true${options})`);

const readNdjson = (file: string) =>
  fs
    .readFileSync(out(file), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

describe('runExport', () => {
  it('NDJSON and JSON: every event of the result, as the engine returns them', async () => {
    const events = all('gh');
    const nd = await runExport(ctx.engine, {
      query: { from: { instance: 'gh' }, limit: 5 },
      format: 'ndjson',
      out: out('gh.ndjson'),
    });
    expect(nd).toMatchObject({
      status: 'completed',
      rows: 800,
      total: 800,
      file: out('gh.ndjson'),
    });
    expect(readNdjson('gh.ndjson')).toEqual(events);
    expect(nd.bytes).toBe(fs.statSync(out('gh.ndjson')).size);
    await runExport(ctx.engine, {
      query: { from: { instance: 'tricky' } },
      format: 'json',
      out: out('t.json'),
    });
    expect(JSON.parse(fs.readFileSync(out('t.json'), 'utf8'))).toEqual(all('tricky'));
    const none = await runExport(ctx.engine, {
      query: {
        from: { instance: 'gh' },
        where: [{ field: 'event_type', operator: 'eq', value: 'Nope' }],
      },
      format: 'json',
      out: out('none.json'),
    });
    expect(none).toMatchObject({ status: 'completed', rows: 0 });
    expect(JSON.parse(fs.readFileSync(out('none.json'), 'utf8'))).toEqual([]);
  });

  it('NDJSON round trip: export, import into a new instance, the same events but ids and instance', async () => {
    await runExport(ctx.engine, {
      query: { from: { instance: 'tricky' } },
      format: 'ndjson',
      out: out('rt.ndjson'),
    });
    const back = await runImport(ctx.engine, { instance: 'tricky-copy' }, [out('rt.ndjson')]);
    expect(back).toMatchObject({ preset: 'eventlens', events: tricky.length, bad: 0 });
    const strip = (e: EventRecord) => {
      const { id: _id, instanceId: _instance, ...rest } = e;
      return rest;
    };
    expect(all('tricky-copy').map(strip)).toEqual(all('tricky').map(strip));
    await runExport(ctx.engine, {
      query: { from: { instance: 'gh' } },
      format: 'ndjson',
      out: out('gh-rt.ndjson'),
    });
    await runImport(ctx.engine, { instance: 'gh-copy' }, [out('gh-rt.ndjson')]);
    expect(all('gh-copy').map(strip)).toEqual(all('gh').map(strip));
  });

  it('CSV: RFC 4180 that DuckDB reads back, a column per nested field, arrays as JSON', async () => {
    const report = await runExport(ctx.engine, {
      query: { from: { instance: 'tricky' } },
      format: 'csv',
      out: out('t.csv'),
    });
    expect(report.columns).toEqual([
      ...recordColumns,
      'payload["id.orig_h"]',
      'payload.n',
      'payload.deep',
      'payload.deep.x.y',
      'payload.text',
      'payload.tags',
      'payload["é"]',
      'metadata.m',
    ]);
    const rows = await readCsv('t.csv');
    const events = all('tricky');
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => [r.id, r.stream_id, r.sequence_number])).toEqual(
      events.map((e) => [e.id, e.stream_id, String(e.sequence_number)]),
    );
    expect(rows[0]).toMatchObject({
      'payload["id.orig_h"]': '10.0.0.1',
      'payload.n': '1',
      'payload.deep.x.y': 'true',
      'payload.deep': null,
    });
    expect(rows[1]).toMatchObject({
      'payload.text': 'say "hi", then\r\nleave',
      'payload.tags': '["x","y"]',
      'payload.n': null,
    });
    expect(rows[2]).toMatchObject({
      'payload.deep': 'not an object here',
      'payload["é"]': 'ünï',
      'metadata.m': '1',
    });
    expect(rows[3]).toMatchObject({ timestamp: '2020-01-01T00:00:00.123Z' });
    const text = fs.readFileSync(out('t.csv'), 'utf8');
    // Every cell quoted: formulas are protected by default (csv-injection.test.ts).
    expect(
      text.startsWith(
        '"id","stream_id","event_type","timestamp","sequence_number","payload[""id.orig_h""]"',
      ),
    ).toBe(true);
    expect(text.split('\r\n')).toHaveLength(4 + 1 + 1 + 1); // header, 4 rows (one holds a CRLF), final CRLF
  });

  it('CSV with columns: the given fields only, in order; JSON with select: the selected shape', async () => {
    await exportColumns('gh', 'csv', 'cols.csv', [
      'event_type',
      'payload.ref',
      'metadata.actor.login',
    ]);
    const rows = await readCsv('cols.csv');
    const events = all('gh');
    expect(rows.map((r) => [r.event_type, r['payload.ref'], r['metadata.actor.login']])).toEqual(
      events.map((e) => [
        e.event_type,
        (e.payload.ref as string | null | undefined) ?? null,
        (e.metadata.actor as { login: string }).login,
      ]),
    );
    await runExport(ctx.engine, {
      query: { from: { instance: 'tricky' }, select: ['stream_id', 'payload.deep.x.y'] },
      format: 'ndjson',
      out: out('sel.ndjson'),
    });
    expect(readNdjson('sel.ndjson')).toEqual([
      { stream_id: 's1', payload: { deep: { x: { y: true } } } },
      { stream_id: 's1' },
      { stream_id: 's2' },
      { stream_id: 's2' },
    ]);
  });

  it('CSV over too many paths: deeper objects fold into JSON cells, nothing is dropped', async () => {
    const report = await runExport(ctx.engine, {
      query: { from: { instance: 'gh' } },
      format: 'csv',
      out: out('gh.csv'),
      maxColumns: 60,
    });
    expect(report.columns!.length).toBeLessThanOrEqual(60);
    const rows = await readCsv('gh.csv', ', max_line_size = 10000000');
    expect(rows).toHaveLength(800);
    const events = all('gh');
    // Every payload survives: the columns of a row put back together give the payload.
    const payloadCols = report.columns!.filter((c) => c.startsWith('payload.'));
    expect(payloadCols.some((c) => c.slice('payload.'.length).includes('.'))).toBe(false);
    rows.forEach((row, i) => {
      const rebuilt: Record<string, unknown> = {};
      for (const col of payloadCols) {
        const cell = row[col];
        if (cell === null || cell === undefined) continue;
        const key = col.slice('payload.'.length);
        const original = events[i]!.payload[key];
        rebuilt[key] = typeof original === 'string' ? cell : JSON.parse(cell as string);
      }
      expect(rebuilt).toEqual(
        Object.fromEntries(Object.entries(events[i]!.payload).filter(([, v]) => v !== null)),
      );
    });
  });

  it('Parquet: typed event columns, payload and metadata as JSON, read back by DuckDB', async () => {
    const report = await runExport(ctx.engine, {
      query: { from: { instance: 'gh' } },
      format: 'parquet',
      out: out('gh.parquet'),
    });
    expect(report).toMatchObject({ status: 'completed', rows: 800 });
    expect(report.columns).toEqual([...recordColumns, 'payload', 'metadata']);
    const types = await sql(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${out('gh.parquet')}')`,
    );
    expect(types).toEqual([
      { column_name: 'id', column_type: 'VARCHAR' },
      { column_name: 'stream_id', column_type: 'VARCHAR' },
      { column_name: 'event_type', column_type: 'VARCHAR' },
      { column_name: 'timestamp', column_type: 'TIMESTAMP WITH TIME ZONE' },
      { column_name: 'sequence_number', column_type: 'BIGINT' },
      { column_name: 'payload', column_type: 'JSON' },
      { column_name: 'metadata', column_type: 'JSON' },
    ]);
    expect(await readParquetEvents(duck, out('gh.parquet'), { metadata: true })).toEqual(
      all('gh').map(({ instanceId: _i, ...e }) => e),
    );
    await exportColumns('tricky', 'parquet', 't.parquet', [
      'stream_id',
      'payload.n',
      'sequence_number',
    ]);
    expect(
      await sql(
        `SELECT stream_id, "payload.n"::VARCHAR AS n, sequence_number::INT AS s FROM '${out('t.parquet')}'`,
      ),
    ).toEqual([
      { stream_id: 's1', n: '1', s: 1 },
      { stream_id: 's1', n: null, s: 2 },
      { stream_id: 's2', n: null, s: 1 },
      { stream_id: 's2', n: null, s: 2 },
    ]);
  });

  it('cancels between pages and leaves nothing behind; an older file of that name stays', async () => {
    fs.writeFileSync(out('keep.csv'), 'old contents');
    const controller = new AbortController();
    const seen: ExportProgress[] = [];
    const report = await runExport(
      ctx.engine,
      { query: { from: { instance: 'gh' } }, format: 'csv', out: out('keep.csv'), pageSize: 100 },
      {
        signal: controller.signal,
        progressIntervalMs: 0,
        onProgress: (p) => {
          seen.push(p);
          if (p.phase === 'writing' && p.rows >= 200) controller.abort();
        },
      },
    );
    expect(report).toMatchObject({ status: 'cancelled', file: null, bytes: 0 });
    expect(report.rows).toBeLessThan(800);
    expect(seen.some((p) => p.phase === 'scanning')).toBe(true);
    expect(fs.readFileSync(out('keep.csv'), 'utf8')).toBe('old contents');
    expect(fs.readdirSync(ctx.dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('refuses bad specs, unknown instances and unwritable places before writing', async () => {
    await expect(
      runExport(ctx.engine, {
        query: { from: { instance: 'nope' } },
        format: 'csv',
        out: out('x.csv'),
      }),
    ).rejects.toThrow(EngineError);
    await expect(
      runExport(ctx.engine, {
        query: { from: { instance: 'gh' } },
        format: 'csv',
        out: out('x.csv'),
        columns: ['payload..x'],
      }),
    ).rejects.toThrow(ExportSpecError);
    await expect(
      runExport(ctx.engine, {
        query: { from: { instance: 'gh' }, reduce: { type: 'count' } },
        format: 'parquet',
        out: out('x.parquet'),
      }),
    ).rejects.toThrow(/an aggregation exports as csv, json, ndjson/u);
    await expect(
      runExport(ctx.engine, {
        query: { from: { instance: 'gh' } },
        format: 'csv',
        out: path.join(ctx.dir, 'no', 'x.csv'),
      }),
    ).rejects.toThrow(ExportOutputError);
    expect(fs.existsSync(out('x.csv'))).toBe(false);
  });
});
