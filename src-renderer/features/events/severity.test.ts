import { describe, expect, it } from 'vitest';
import type { FieldKind } from '../../../src-shared/contract/operators';
import { fieldCatalog } from '../query-builder/field-catalog';
import { detectSeverityField, severityOf } from './severity';

describe('detectSeverityField', () => {
  it.each<[string, [string, FieldKind, number][], unknown]>([
    [
      "finds the Apache log's HTTP status",
      [
        ['metadata.auth', 'string', 9999],
        ['payload.method', 'string', 9999],
        ['payload.status', 'number', 9999],
      ],
      { path: 'payload.status', kind: 'http' },
    ],
    [
      'prefers a level over a status, and payload over metadata',
      [
        ['payload.status', 'number', 10],
        ['metadata.level', 'string', 10],
        ['payload.log.level', 'string', 8],
      ],
      { path: 'payload.log.level', kind: 'level' },
    ],
    [
      'finds nothing in GH Archive or Zeek DNS (a text status is not HTTP)',
      [
        ['payload.action', 'string', 224],
        ['payload.pull_request.state', 'string', 64],
        ['payload.rcode_name', 'string', 44118],
        ['payload.commit.status', 'string', 3],
      ],
      null,
    ],
  ])('%s', (_title, rows, expected) => {
    const catalog = fieldCatalog(
      rows.map(([path, type, count]) => ({ path, types: [type], count })),
    );
    expect(detectSeverityField(catalog)).toEqual(expected);
  });
});

describe('severityOf', () => {
  // HTTP statuses: 5xx error, 4xx warning, the rest plain. Level words in any case, syslog and
  // pino numbers.
  it.each([
    ['500', 'http', 'error'],
    ['404', 'http', 'warn'],
    ['304', 'http', null],
    ['200', 'http', null],
    ['-', 'http', null],
    ['ERROR', 'level', 'error'],
    ['fatal', 'level', 'error'],
    ['Warning', 'level', 'warn'],
    ['notice', 'level', 'info'],
    ['TRACE', 'level', 'debug'],
    ['3', 'level', 'error'],
    ['4', 'level', 'warn'],
    ['50', 'level', 'error'],
    ['30', 'level', 'info'],
    ['errand', 'level', null],
    ['', 'level', null],
  ] as const)('%j as %s is %s', (value, kind, severity) => {
    expect(severityOf(value, kind)).toBe(severity);
  });
});
