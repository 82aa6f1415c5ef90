import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonReader, recordsInHead } from './json-reader';
import { readNdjson } from './ndjson-reader';
import type { RawRecord, RecordReader } from './raw-record';

async function read(reader: RecordReader, chunks: string[]) {
  const out: RawRecord[] = [];
  const state = { lines: 0 };
  for await (const batch of reader(Readable.from(chunks), state)) out.push(...batch);
  return { records: out.map((r) => [r.line, r.value ?? r.error] as const), lines: state.lines };
}

function cut(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('JSON document reader', () => {
  it('streams the elements of a top-level array with the line each starts on', async () => {
    const text =
      '[\n  {"a": 1, "s": "]},[{"},\n  {"b": [1, {"c": 2}]}\n,{"d":"\\"x\\\\"}]\ntrailing';
    expect(await read(jsonReader(undefined), [text])).toEqual({
      records: [
        [2, { a: 1, s: ']},[{' }],
        [3, { b: [1, { c: 2 }] }],
        [4, { d: '"x\\' }],
      ],
      lines: 5,
    });
  });

  it('finds the records array of a top-level object (CloudTrail), by name or the first array', async () => {
    const text = '{"meta": {"Records": [0]}, "n": [1], "Records": [{"e": 1}, {"e": 2}]}';
    expect((await read(jsonReader('Records'), [text])).records).toEqual([
      [1, { e: 1 }],
      [1, { e: 2 }],
    ]);
    expect((await read(jsonReader(undefined), [text])).records).toEqual([
      [1, 'expected a JSON object, got a number'],
    ]);
    expect((await read(jsonReader('nope'), [text])).records).toEqual([
      [1, 'the top-level object has no array "nope"'],
    ]);
  });

  it('reports bad elements and goes on', async () => {
    const text = '[{"a":1}, 42, "x", {"b": nope}, [1], {"c":3}]';
    expect((await read(jsonReader(undefined), [text])).records).toEqual([
      [1, { a: 1 }],
      [1, 'expected a JSON object, got a number'],
      [1, 'expected a JSON object, got a string'],
      [1, expect.stringMatching(/^not valid JSON/u)],
      [1, 'expected a JSON object, got an array'],
      [1, { c: 3 }],
    ]);
    expect((await read(jsonReader(undefined), ['[{"a":1}, {"b": 2'])).records).toEqual([
      [1, { a: 1 }],
      [1, 'the file ends inside this record'],
    ]);
    await expect(read(jsonReader(undefined), ['"just a string"'])).rejects.toThrow(
      /starts with \[ or \{/u,
    );
  });

  it('gives the same records however the text is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), { maxLength: 8 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        async (objects, wrapped, size) => {
          const body = JSON.stringify(objects, null, 1);
          const text = wrapped ? `{"x": "[", "Records": ${body}}` : body;
          const whole = await read(jsonReader(undefined), [text]);
          expect(whole.records.map((r) => r[1])).toEqual(JSON.parse(body));
          expect(await read(jsonReader(undefined), cut(text, size))).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lists the records that lie whole in the head of a file', () => {
    expect(recordsInHead('[{"a":1},{"b":').map((r) => r.value)).toEqual([{ a: 1 }]);
    expect(recordsInHead('not json')).toEqual([]);
  });
});

describe('NDJSON reader', () => {
  it('reads one object per line, skips blank lines, reports the rest with line numbers', async () => {
    const text = '{"a":1}\r\n\n  \n[1]\n{"b":\n{"c":-9223372036854775808}';
    expect(await read(readNdjson, cut(text, 3))).toEqual({
      records: [
        [1, { a: 1 }],
        [4, 'expected a JSON object, got an array'],
        [5, expect.stringMatching(/^not valid JSON/u)],
        [6, { c: '-9223372036854775808' }],
      ],
      lines: 6,
    });
  });
});
