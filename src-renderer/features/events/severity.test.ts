import { describe, expect, it } from 'vitest';
import { fieldCatalog } from '../query-builder/field-catalog';
import { detectSeverityField, severityOf } from './severity';

describe('detectSeverityField', () => {
  it("finds the Apache log's HTTP status", () => {
    const catalog = fieldCatalog([
      { path: 'metadata.auth', types: ['string'], count: 9999 },
      { path: 'payload.method', types: ['string'], count: 9999 },
      { path: 'payload.status', types: ['number'], count: 9999 },
    ]);
    expect(detectSeverityField(catalog)).toEqual({ path: 'payload.status', kind: 'http' });
  });

  it('prefers a level over a status, and payload over metadata', () => {
    const catalog = fieldCatalog([
      { path: 'payload.status', types: ['number'], count: 10 },
      { path: 'metadata.level', types: ['string'], count: 10 },
      { path: 'payload.log.level', types: ['string'], count: 8 },
    ]);
    expect(detectSeverityField(catalog)).toEqual({ path: 'payload.log.level', kind: 'level' });
  });

  it('finds nothing in GH Archive or Zeek DNS (a text status is not HTTP)', () => {
    const catalog = fieldCatalog([
      { path: 'payload.action', types: ['string'], count: 224 },
      { path: 'payload.pull_request.state', types: ['string'], count: 64 },
      { path: 'payload.rcode_name', types: ['string'], count: 44118 },
      { path: 'payload.commit.status', types: ['string'], count: 3 },
    ]);
    expect(detectSeverityField(catalog)).toBeNull();
  });
});

describe('severityOf', () => {
  it('reads HTTP statuses: 5xx error, 4xx warning, the rest plain', () => {
    expect(severityOf('500', 'http')).toBe('error');
    expect(severityOf('404', 'http')).toBe('warn');
    expect(severityOf('304', 'http')).toBeNull();
    expect(severityOf('200', 'http')).toBeNull();
    expect(severityOf('-', 'http')).toBeNull();
  });

  it('reads level words in any case, syslog and pino numbers', () => {
    expect(severityOf('ERROR', 'level')).toBe('error');
    expect(severityOf('fatal', 'level')).toBe('error');
    expect(severityOf('Warning', 'level')).toBe('warn');
    expect(severityOf('notice', 'level')).toBe('info');
    expect(severityOf('TRACE', 'level')).toBe('debug');
    expect(severityOf('3', 'level')).toBe('error');
    expect(severityOf('4', 'level')).toBe('warn');
    expect(severityOf('50', 'level')).toBe('error');
    expect(severityOf('30', 'level')).toBe('info');
    expect(severityOf('errand', 'level')).toBeNull();
    expect(severityOf('', 'level')).toBeNull();
  });
});
