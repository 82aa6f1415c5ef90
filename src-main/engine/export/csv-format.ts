import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 as csv-stringify writes it: CRLF between records, and fields quoted when they hold
 * the delimiter, a quote, or a line break. csv-stringify on its own leaves a bare LF unquoted
 * when records end in CRLF, which most readers take for the end of the record (found by the
 * round-trip property test of the CSV reader).
 */
const options = { record_delimiter: 'windows', quoted_match: /[\r\n]/u } as const;

export function csvRows(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], options);
}
