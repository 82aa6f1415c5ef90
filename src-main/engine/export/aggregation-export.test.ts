import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Aggregation, AggregationGroup } from '../../../src-shared/contract/records';
import { tempDir } from '../../test-support/temp-db';
import { writeAggregation } from './aggregation-export';
import { FileSink } from './file-sink';

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

/** Groups of a count by two keys, as the engine pages them: `pageSize` groups at a time. */
function pages(groups: AggregationGroup[], pageSize: number) {
  const out: { aggregation: Aggregation; total: number; groups: AggregationGroup[] }[] = [];
  for (let i = 0; i < groups.length; i += pageSize) {
    const page = groups.slice(i, i + pageSize);
    out.push({
      aggregation: {
        type: 'count',
        groupBy: ['event_type', { field: 'timestamp', interval: '1h' }],
        groups: page,
        groupCount: groups.length,
      },
      total: groups.length,
      groups: page,
    });
  }
  return out;
}

const groups: AggregationGroup[] = Array.from({ length: 25 }, (_, i) => ({
  key: {
    event_type: i % 2 ? 'a, "quoted"' : 'b',
    timestamp: new Date(Date.UTC(2024, 0, 1, i)).toISOString(),
  },
  value: 100 - i,
  count: 100 - i,
}));

async function write(format: 'csv' | 'json' | 'ndjson', input: ReturnType<typeof pages>) {
  const file = path.join(tmp.dir, `agg.${format}`);
  const sink = new FileSink(file);
  const progress: number[] = [];
  const rows = await writeAggregation(
    input,
    { format, protectFormulas: false },
    sink,
    (n) => progress.push(n),
    () => false,
  );
  await sink.commit();
  return { file, rows, progress };
}

describe('aggregation export', () => {
  it('writes every group of every page as CSV (keys, value, count), JSON and NDJSON', async () => {
    tmp = tempDir();
    const csv = await write('csv', pages(groups, 10));
    expect(csv.rows).toBe(25);
    expect(csv.progress).toEqual([10, 20, 25]);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (
      await duck.runAndReadAll(
        `SELECT * FROM read_csv('${csv.file}', header = true, all_varchar = true)`,
      )
    ).getRowObjectsJson();
    expect(rows).toEqual(
      groups.map((g) => ({
        event_type: g.key.event_type,
        timestamp: g.key.timestamp,
        value: String(g.value as number),
        count: String(g.count),
      })),
    );
    const json = await write('json', pages(groups, 7));
    expect(JSON.parse(fs.readFileSync(json.file, 'utf8'))).toEqual({
      type: 'count',
      groupBy: ['event_type', { field: 'timestamp', interval: '1h' }],
      groupCount: 25,
      groups,
    });
    const nd = await write('ndjson', pages(groups, 25));
    expect(
      fs
        .readFileSync(nd.file, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(groups);
  });

  it('writes a single value as one row, and an empty grouping as an empty list', async () => {
    tmp = tempDir();
    const single = [
      { aggregation: { type: 'avg', field: 'payload.n', value: 2.5 }, total: 1, groups: [] },
    ];
    const csv = await write('csv', single);
    expect(fs.readFileSync(csv.file, 'utf8')).toBe('type,field,value\r\navg,payload.n,2.5\r\n');
    const json = await write('json', single);
    expect(JSON.parse(fs.readFileSync(json.file, 'utf8'))).toEqual({
      type: 'avg',
      field: 'payload.n',
      value: 2.5,
    });
    const empty = await write('json', [
      {
        aggregation: { type: 'count', groupBy: ['x'], groups: [], groupCount: 0 },
        total: 0,
        groups: [],
      },
    ]);
    expect(JSON.parse(fs.readFileSync(empty.file, 'utf8'))).toEqual({
      type: 'count',
      groupBy: ['x'],
      groupCount: 0,
      groups: [],
    });
  });
});
