import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CsvOptions } from '../../../../src-shared/contract/import-spec';
import { csvRows, protectCell } from '../../export/csv-format';
import { csvReader, splitCsvRecord } from './csv-reader';
import type { RawRecord } from './raw-record';

async function read(text: string | string[], options: CsvOptions = {}, numbers = true) {
  const out: RawRecord[] = [];
  const state = { lines: 0 };
  for await (const batch of csvReader(options, numbers)(Readable.from([text].flat()), state)) {
    out.push(...batch);
  }
  return { records: out, lines: state.lines };
}

describe('CSV reader', () => {
  it('reads RFC 4180: quotes, doubled quotes, delimiters and line breaks inside fields', async () => {
    const { records, lines } = await read('a,b,c\r\n1,"x, ""y""",3\r\n4,"two\r\nlines",6\r\n');
    expect(records.map((r) => [r.line, r.value])).toEqual([
      [2, { a: 1, b: 'x, "y"', c: 3 }],
      [3, { a: 4, b: 'two\nlines', c: 6 }],
    ]);
    expect(lines).toBe(4);
  });

  it('reports a broken record and reads on from the next line', async () => {
    const { records } = await read('a,b\n1,"bad"x\n2,ok\n3,"never closed\n4,fine\n5,"x"\n');
    expect(records.map((r) => [r.line, r.value ?? r.error])).toEqual([
      [2, expect.stringMatching(/text after the closing quote/u)],
      [3, { a: 2, b: 'ok' }],
      [4, expect.stringMatching(/quote/u)],
      [5, { a: 4, b: 'fine' }],
      [6, { a: 5, b: 'x' }],
    ]);
  });

  it('reports rows with another number of fields than the header', async () => {
    const { records } = await read('a,b\n1,2,3\n4\n5,6\n');
    expect(records.map((r) => r.error ?? r.value)).toEqual([
      'has 3 fields; the header has 2',
      'has 1 fields; the header has 2',
      { a: 5, b: 6 },
    ]);
  });

  it('sniffs the delimiter, takes given column names, keeps non-canonical numbers as text', async () => {
    const semi = await read('a;b\n007;1.50\n-1;2\n');
    expect(semi.records.map((r) => r.value)).toEqual([
      { a: '007', b: '1.50' },
      { a: -1, b: 2 },
    ]);
    const given = await read('1\t2\n', { columns: ['x', 'y'], delimiter: '\t' }, false);
    expect(given.records.map((r) => r.value)).toEqual([{ x: '1', y: '2' }]);
  });

  it('parses JSON and Python cells when asked, leaves empty cells out', async () => {
    const text = `a,b,c\n"{'k': 'v', 'n': None}","[1, 2]",\n`;
    expect((await read(text, { nested: 'python' })).records[0]!.value).toEqual({
      a: { k: 'v', n: null },
      b: [1, 2],
    });
    expect((await read(text, { nested: 'json' })).records[0]!.value).toEqual({
      a: "{'k': 'v', 'n': None}",
      b: [1, 2],
    });
    expect((await read(text, { nested: 'off' })).records[0]!.value).toEqual({
      a: "{'k': 'v', 'n': None}",
      b: '[1, 2]',
    });
  });

  it('reads back whatever the CSV export writes, however the text is chunked', async () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', ';'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 7 }),
        // Protected or raw: a protected cell that starts with CR reads back with its leading '.
        fc.boolean(),
        async (rows, cut, protectFormulas) => {
          const text = csvRows([['x', 'y', 'z'], ...rows], protectFormulas);
          const chunks: string[] = [];
          for (let i = 0; i < text.length; i += cut) chunks.push(text.slice(i, i + cut));
          const { records } = await read(chunks, { nested: 'off', delimiter: ',' }, false);
          // Line breaks inside fields come back as LF; empty cells are left out.
          const expected = rows
            .map(([x, y, z]) => ({ x, y, z }))
            .map((r) =>
              Object.fromEntries(
                Object.entries(r)
                  .map(([k, v]) => [k, protectFormulas ? protectCell(v) : v] as const)
                  .map(([k, v]) => [k, v.replace(/\r\n/gu, '\n')] as const)
                  .filter(([, v]) => v !== ''),
              ),
            );
          expect(records.map((r) => r.value ?? r.error)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits one record', () => {
    expect(splitCsvRecord('a,"b,c",', ',')).toEqual({ fields: ['a', 'b,c', ''] });
    expect(splitCsvRecord('"open', ',')).toEqual({ incomplete: true });
  });
});
