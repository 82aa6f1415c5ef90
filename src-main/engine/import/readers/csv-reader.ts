import type { CsvOptions } from '../../../../src-shared/contract/import-spec';
import { parseJsonText } from '../json-text';
import { parsePythonLiteral } from '../python-literal';
import { splitLines } from '../source';
import { castNumber, type RawRecord, type RecordReader } from './raw-record';

/**
 * CSV (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks), read line by
 * line so that one broken record costs one record: an unclosed quote gives up after
 * `maxRecordLines` lines, reports the record's first line, and reading starts again on the line
 * after it. (csv-parse, tried first, skips everything after a broken quote.)
 */

export const maxRecordLines = 1_000;

type FieldSplit = { fields: string[] } | { incomplete: true } | { error: string };

/** Splits one record's text (which may span lines) into fields. */
export function splitCsvRecord(text: string, delimiter: string): FieldSplit {
  const fields: string[] = [];
  const d = delimiter.charCodeAt(0);
  let i = 0;
  const n = text.length;
  for (;;) {
    if (i < n && text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let from = i + 1;
      let j = from;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return { incomplete: true };
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(from, q + 1);
          from = j = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i >= n) return { fields };
      if (text.charCodeAt(i) === d) {
        i++;
        continue;
      }
      return {
        error: `field ${fields.length}: text after the closing quote (${JSON.stringify(text.slice(i, i + 20))})`,
      };
    }
    const end = text.indexOf(delimiter, i);
    if (end < 0) {
      fields.push(text.slice(i));
      return { fields };
    }
    fields.push(text.slice(i, end));
    i = end + 1;
  }
}

/** The delimiter that splits the header line into the most fields. */
export function sniffDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const split = splitCsvRecord(headerLine, candidate);
    const count = 'fields' in split ? split.fields.length : 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    // An empty name gets one; __proto__ cannot be a plain object's key, so it is renamed.
    const name = raw.trim() === '' ? `column_${i + 1}` : raw === '__proto__' ? '_proto' : raw;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  });
}

export function cellConverter(options: CsvOptions, numbers: boolean): (cell: string) => unknown {
  const nested = options.nested ?? 'json';
  return (cell) => {
    if (nested !== 'off') {
      const t = cell.trimStart();
      const c = t.charCodeAt(0);
      if (c === 123 /* { */ || c === 91 /* [ */) {
        try {
          return parseJsonText(cell);
        } catch {
          if (nested === 'python') {
            const v = parsePythonLiteral(cell);
            if (v !== undefined) return v;
          }
        }
        return cell;
      }
    }
    return numbers ? castNumber(cell) : cell;
  };
}

export function csvReader(options: CsvOptions, numbers: boolean): RecordReader {
  const convert = cellConverter(options, numbers);
  return async function* (chunks, state) {
    let delimiter = options.delimiter;
    let header: string[] | null = options.columns ? uniqueNames(options.columns) : null;
    /** Lines of a record still open (a quoted line break): [line number, text]. */
    let open: [number, string][] = [];

    const feed = (line: number, text: string, out: RawRecord[]) => {
      open.push([line, text]);
      resolve(out, false);
    };

    /** Turns the open lines into a record, a bad line, or waits for more lines. */
    const resolve = (out: RawRecord[], atEnd: boolean): void => {
      if (open.length === 0) return;
      const start = open[0]![0];
      const recordText = open.length === 1 ? open[0]![1] : open.map((l) => l[1]).join('\n');
      if (open.length === 1 && recordText.trim() === '') {
        open = [];
        return;
      }
      delimiter ??= sniffDelimiter(recordText);
      const split = splitCsvRecord(recordText, delimiter);
      if ('incomplete' in split) {
        if (!atEnd && open.length < maxRecordLines) return;
        // Give up on this record and read again from the line after its start.
        out.push({ line: start, text: open[0]![1], error: 'a quoted field is never closed' });
        const retry = open.slice(1);
        open = [];
        for (const [l, t] of retry) feed(l, t, out);
        if (atEnd) resolve(out, true);
        return;
      }
      const error =
        'error' in split
          ? split.error
          : header && split.fields.length !== header.length
            ? `has ${split.fields.length} fields; the header has ${header.length}`
            : null;
      if (error !== null) {
        // A record over several lines that does not fit began with a stray quote, most
        // likely: report its first line and read again from the next.
        out.push({ line: start, text: open.length > 1 ? open[0]![1] : recordText, error });
        const retry = open.slice(1);
        open = [];
        for (const [l, t] of retry) feed(l, t, out);
        if (atEnd) resolve(out, true);
        return;
      }
      open = [];
      if (!('fields' in split)) return;
      if (!header) {
        header = uniqueNames(split.fields);
        return;
      }
      const value: Record<string, unknown> = {};
      for (let k = 0; k < header.length; k++) {
        const cell = split.fields[k]!;
        if (cell !== '') value[header[k]!] = convert(cell);
      }
      out.push({ line: start, text: recordText, value });
    };

    for await (const { first, lines } of splitLines(chunks)) {
      const out: RawRecord[] = [];
      for (let i = 0; i < lines.length; i++) feed(first + i, lines[i]!, out);
      state.lines = first + lines.length - 1;
      if (out.length > 0) yield out;
    }
    const out: RawRecord[] = [];
    resolve(out, true);
    if (out.length > 0) yield out;
  };
}
