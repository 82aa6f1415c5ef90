import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 as csv-stringify writes it: CRLF between records, and fields quoted when they hold
 * the delimiter, a quote, or a line break. csv-stringify on its own leaves a bare LF unquoted
 * when records end in CRLF, which most readers take for the end of the record (found by the
 * round-trip property test of the CSV reader).
 */
const rawOptions = { record_delimiter: 'windows', quoted_match: /[\r\n]/u } as const;
/** Protected: every cell quoted, as OWASP advises beside the prefix. */
const protectedOptions = { ...rawOptions, quoted: true, quoted_empty: true } as const;

/**
 * CSV injection (OWASP): a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
 * formula (`=cmd|' /C calc'!A0` in a log's User-Agent), and TAB or CR may hide such a start.
 * A leading `'` makes the cell text in Excel, LibreOffice and Google Sheets. Two kinds of cell
 * can hold no formula and stay as they are: a plain decimal number (`-12.5`, `+3`, `1e-9`: a
 * negative amount stays a number in the sheet) and a lone `-` (a log's "no value", in every
 * field of an Apache access log that has none).
 */
const formulaStart = /^[=+\-@\t\r]/u;
const harmless = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|-)$/u;

export function protectCell(cell: string): string {
  return formulaStart.test(cell) && !harmless.test(cell) ? `'${cell}` : cell;
}

/** Rows as CSV text; `protectFormulas` applies protectCell to every cell and quotes it. */
export function csvRows(rows: readonly (readonly string[])[], protectFormulas: boolean): string {
  if (!protectFormulas) return stringify(rows as string[][], rawOptions);
  return stringify(
    rows.map((row) => row.map(protectCell)),
    protectedOptions,
  );
}
