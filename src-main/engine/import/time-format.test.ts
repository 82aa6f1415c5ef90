import { describe, expect, it } from 'vitest';
import {
  detectTimeFormat,
  patternParser,
  TimePatternError,
  timeParser,
  timeParserFor,
} from './time-format';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

describe('time patterns', () => {
  it.each([
    ['dd/MMM/yyyy:HH:mm:ss Z', '17/May/2015:10:05:03 +0000', '2015-05-17T10:05:03.000Z'],
    ['dd/MMM/yyyy:HH:mm:ss Z', '17/May/2015:10:05:03 -0700', '2015-05-17T17:05:03.000Z'],
    ['EEE MMM d HH:mm:ss yyyy', 'Sun Dec 04 04:47:44 2005', '2005-12-04T04:47:44.000Z'],
    ['yyyy-MM-dd-HH.mm.ss.SSSSSS', '2005-06-03-15.42.50.675872', '2005-06-03T15:42:50.675Z'],
    ['yyMMdd HHmmss', '081109 203615', '2008-11-09T20:36:15.000Z'],
    ["yyyy-MM-dd'T'HH:mm:ssXXX", '2020-01-02T03:04:05+01:00', '2020-01-02T02:04:05.000Z'],
    ['MM/dd/yyyy hh:mm a', '07/04/2021 01:30 PM', '2021-07-04T13:30:00.000Z'],
    ['MM/dd/yyyy hh:mm a', '07/04/2021 12:05 AM', '2021-07-04T00:05:00.000Z'],
  ])('reads the formats of real logs: %s reads %s', (pattern, text, expected) => {
    expect(iso(patternParser(pattern)(text))).toBe(expected);
  });

  it('refuses values that do not fit, and impossible dates', () => {
    const p = patternParser('yyyy-MM-dd HH:mm:ss');
    expect(p('2023-02-30 00:00:00')).toBeNull();
    expect(p('2023-13-01 00:00:00')).toBeNull();
    expect(p('2023-01-01 24:00:00')).toBeNull();
    expect(p('2023-01-01')).toBeNull();
    expect(p(1234)).toBeNull();
    expect(patternParser('MMM d HH:mm:ss', { year: 2020 })('Foo 10 06:55:46')).toBeNull();
  });

  it('gives year-less syslog times the given year, else the latest year not in the future', () => {
    expect(iso(patternParser('MMM d HH:mm:ss', { year: 2017 })('Dec 10 06:55:46'))).toBe(
      '2017-12-10T06:55:46.000Z',
    );
    // Double spaces before one-digit days, as syslog writes them.
    expect(iso(patternParser('MMM d HH:mm:ss', { year: 2017 })('Jan  4 00:00:01'))).toBe(
      '2017-01-04T00:00:01.000Z',
    );
    const now = () => Date.parse('2024-01-05T12:00:00Z');
    const p = patternParser('MMM d HH:mm:ss', { now });
    // December read in January: last year. January: this year.
    expect(iso(p('Dec 31 23:59:59'))).toBe('2023-12-31T23:59:59.000Z');
    expect(iso(p('Jan  5 10:00:00'))).toBe('2024-01-05T10:00:00.000Z');
    expect(iso(p('Jan  6 10:00:00'))).toBe('2024-01-06T10:00:00.000Z'); // within a day: clock skew
    expect(iso(p('Jan  7 10:00:00'))).toBe('2023-01-07T10:00:00.000Z');
  });

  it('applies a UTC offset to times written without a zone', () => {
    const mapping = { source: { field: 't' }, format: 'yyyy-MM-dd HH:mm:ss', utcOffset: '-04:00' };
    expect(iso(timeParserFor(mapping)('2020-09-22 04:22:28'))).toBe('2020-09-22T08:22:28.000Z');
    const isoAt = timeParser('iso', { utcOffset: '+02:00' });
    expect(iso(isoAt('2020-09-22 10:00:00'))).toBe('2020-09-22T08:00:00.000Z');
    expect(iso(isoAt('2020-09-22T10:00:00Z'))).toBe('2020-09-22T10:00:00.000Z');
    expect(iso(isoAt('2020-09-22T10:00:00-01:00'))).toBe('2020-09-22T11:00:00.000Z');
  });

  it('names what is wrong with a pattern', () => {
    expect(() => patternParser('yyyy-MM-dd Q')).toThrow(TimePatternError);
    expect(() => patternParser('yyyy-MM-dd Q')).toThrow(/unknown letter "Q"/u);
    expect(() => patternParser("yyyy 'T")).toThrow(/unclosed quote/u);
    expect(() => patternParser('yyyy')).toThrow(/neither a day nor an hour/u);
  });
});

describe('named formats and detection', () => {
  it('reads epochs in the unit asked for', () => {
    expect(iso(timeParser('epoch-s')(1117838570))).toBe('2005-06-03T22:42:50.000Z');
    expect(iso(timeParser('epoch-s')('1117838570'))).toBe('2005-06-03T22:42:50.000Z');
    expect(iso(timeParser('epoch-ms')(1117838570123))).toBe('2005-06-03T22:42:50.123Z');
    expect(iso(timeParser('epoch-us')(1117838570123456))).toBe('2005-06-03T22:42:50.123Z');
    expect(timeParser('epoch-s')('soon')).toBeNull();
  });

  it('detects the format of a value', () => {
    expect(detectTimeFormat('2018-03-24T17:16:39.739898Z')).toBe('iso');
    expect(detectTimeFormat('2016-09-28 04:30:30')).toBe('iso');
    expect(detectTimeFormat(1117838570)).toBe('epoch-s');
    expect(detectTimeFormat('1117838570')).toBe('epoch-s');
    expect(detectTimeFormat(1600762951162)).toBe('epoch-ms');
    expect(detectTimeFormat('17/May/2015:10:05:03 +0000')).toBe('dd/MMM/yyyy:HH:mm:ss Z');
    expect(detectTimeFormat('Dec 10 06:55:46')).toBe('MMM d HH:mm:ss');
    expect(detectTimeFormat('Sun Dec 04 04:47:44 2005')).toBe('EEE MMM d HH:mm:ss yyyy');
    expect(detectTimeFormat('hello')).toBeNull();
    expect(detectTimeFormat(true)).toBeNull();
  });

  it('auto keeps the format that worked and says which it is', () => {
    const p = timeParser('auto');
    expect(p.describe()).toBe('auto');
    expect(iso(p('17/May/2015:10:05:03 +0000'))).toBe('2015-05-17T10:05:03.000Z');
    expect(p.describe()).toBe('auto (dd/MMM/yyyy:HH:mm:ss Z)');
    expect(iso(p('2015-05-17T10:05:04Z'))).toBe('2015-05-17T10:05:04.000Z');
    expect(p.describe()).toBe('auto (iso)');
    expect(p('not a time')).toBeNull();
  });
});
