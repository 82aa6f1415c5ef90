import { maxEpochMs, parseIsoInstant } from '../../../src-shared/contract/instants';
import type { TimeMapping } from '../../../src-shared/contract/import-spec';

/**
 * Timestamps of imported records: named formats (iso, epoch-s/ms/us, auto) and custom patterns
 * in the usual letters (yyyy yy MMMM MMM MM M dd d HH H hh h mm ss S… a EEE Z XXX), e.g.
 * `dd/MMM/yyyy:HH:mm:ss Z` (Apache), `MMM d HH:mm:ss` (syslog, no year),
 * `yyyy-MM-dd-HH.mm.ss.SSSSSS` (BGL). A space in a pattern matches one or more spaces, text in
 * single quotes is literal. Times without a zone are UTC unless an offset is given.
 */

/** Parses one value to epoch ms, or null when it does not match. */
export type TimeParser = (value: unknown) => number | null;

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthNames = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

type Part =
  | 'year4'
  | 'year2'
  | 'monthName'
  | 'monthAbbr'
  | 'month'
  | 'day'
  | 'hour'
  | 'hour12'
  | 'minute'
  | 'second'
  | 'fraction'
  | 'ampm'
  | 'weekday'
  | 'zone';

const tokenTable: [string, Part, string][] = [
  ['yyyy', 'year4', '(\\d{4})'],
  ['yy', 'year2', '(\\d{2})'],
  ['MMMM', 'monthName', '([A-Za-z]{3,9})'],
  ['MMM', 'monthAbbr', '([A-Za-z]{3})'],
  ['MM', 'month', '(\\d{2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['dd', 'day', '(\\d{2})'],
  ['d', 'day', '(\\d{1,2})'],
  ['HH', 'hour', '(\\d{2})'],
  ['H', 'hour', '(\\d{1,2})'],
  ['hh', 'hour12', '(\\d{2})'],
  ['h', 'hour12', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{2})'],
  ['ss', 'second', '(\\d{2})'],
  ['EEEE', 'weekday', '([A-Za-z]{6,9})'],
  ['EEE', 'weekday', '([A-Za-z]{3})'],
  ['XXX', 'zone', '(Z|[+-]\\d{2}:?\\d{2})'],
  ['Z', 'zone', '(Z|[+-]\\d{2}:?\\d{2})'],
  ['X', 'zone', '(Z|[+-]\\d{2}(?::?\\d{2})?)'],
  ['a', 'ampm', '([AaPp][Mm])'],
];

export class TimePatternError extends Error {}

interface CompiledPattern {
  regex: RegExp;
  parts: Part[];
  hasYear: boolean;
}

export function compilePattern(pattern: string): CompiledPattern {
  let source = '';
  const parts: Part[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new TimePatternError(`unclosed quote in time pattern "${pattern}"`);
      source += escapeRegex(end === i + 1 ? "'" : pattern.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (ch === 'S') {
      let end = i;
      while (pattern[end] === 'S') end++;
      source += '(\\d{1,9})';
      parts.push('fraction');
      i = end;
      continue;
    }
    if (ch === ' ') {
      let end = i;
      while (pattern[end] === ' ') end++;
      source += '\\s+';
      i = end;
      continue;
    }
    const token = tokenTable.find(([t]) => pattern.startsWith(t, i));
    if (token) {
      source += token[2];
      parts.push(token[1]);
      i += token[0].length;
      continue;
    }
    if (/[A-Za-z]/u.test(ch)) {
      throw new TimePatternError(
        `unknown letter "${ch}" in time pattern "${pattern}" (quote literal text: 'T')`,
      );
    }
    source += escapeRegex(ch);
    i++;
  }
  const has = (p: Part) => parts.includes(p);
  if (!has('hour') && !has('hour12') && !has('day')) {
    throw new TimePatternError(`time pattern "${pattern}" has neither a day nor an hour`);
  }
  return {
    regex: new RegExp(`^\\s*${source}\\s*$`, 'u'),
    parts,
    hasYear: has('year4') || has('year2'),
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

function offsetMinutes(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/u.exec(zone);
  if (!m) return null;
  const h = Number(m[2]);
  const min = Number(m[3] ?? '0');
  if (h > 23 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

export interface PatternOptions {
  year?: number;
  utcOffset?: string;
  /** The reference for year-less times (default: now). */
  now?: () => number;
}

/**
 * A parser for one pattern. Year-less patterns take `year`, else the reference's year, moved one
 * year back when that would put the time more than a day after the reference (syslog files
 * read after New Year: December lines belong to last year).
 */
export function patternParser(pattern: string, options: PatternOptions = {}): TimeParser {
  const { regex, parts, hasYear } = compilePattern(pattern);
  const defaultOffset = options.utcOffset === undefined ? 0 : offsetMinutes(options.utcOffset);
  if (defaultOffset === null) throw new TimePatternError(`bad UTC offset "${options.utcOffset}"`);
  const now = options.now ?? Date.now;
  return (value) => {
    if (typeof value !== 'string') return null;
    const m = regex.exec(value);
    if (!m) return null;
    let year: number | undefined;
    let month = 0;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let ms = 0;
    let pm: boolean | undefined;
    let hour12 = false;
    let offset = defaultOffset;
    for (let k = 0; k < parts.length; k++) {
      const text = m[k + 1]!;
      switch (parts[k]!) {
        case 'year4':
          year = Number(text);
          break;
        case 'year2': {
          const y = Number(text);
          year = y < 69 ? 2000 + y : 1900 + y; // the POSIX pivot
          break;
        }
        case 'monthAbbr':
        case 'monthName': {
          const lower = text.toLowerCase();
          const idx = parts[k] === 'monthAbbr' ? months.indexOf(lower) : monthNames.indexOf(lower);
          if (idx < 0) return null;
          month = idx;
          break;
        }
        case 'month':
          month = Number(text) - 1;
          break;
        case 'day':
          day = Number(text);
          break;
        case 'hour':
          hour = Number(text);
          break;
        case 'hour12':
          hour = Number(text);
          hour12 = true;
          break;
        case 'minute':
          minute = Number(text);
          break;
        case 'second':
          second = Number(text);
          break;
        case 'fraction':
          ms = Number((text + '00').slice(0, 3));
          break;
        case 'ampm':
          pm = text.toLowerCase() === 'pm';
          break;
        case 'weekday':
          break;
        case 'zone': {
          const o = offsetMinutes(text);
          if (o === null) return null;
          offset = o;
          break;
        }
      }
    }
    if (hour12) {
      if (hour < 1 || hour > 12) return null;
      if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
    }
    if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
    if (second > 60) return null;
    const build = (y: number) => {
      const date = new Date(Date.UTC(2000, month, day, hour, minute, Math.min(second, 59), ms));
      date.setUTCFullYear(y, month, day);
      if (date.getUTCDate() !== day) return null; // Feb 30 and the like
      return date.getTime() - offset * 60_000;
    };
    let t: number | null;
    if (hasYear || options.year !== undefined) {
      t = build(year ?? options.year!);
    } else {
      const ref = now();
      const refYear = new Date(ref).getUTCFullYear();
      t = build(refYear);
      if (t !== null && t > ref + 86_400_000) t = build(refYear - 1);
    }
    return t !== null && Math.abs(t) <= maxEpochMs ? t : null;
  };
}

function epochParser(unitMs: number): TimeParser {
  return (value) => {
    let n: number;
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/u.test(value)) n = Number(value);
    else return null;
    const t = Math.floor(n * unitMs);
    return Number.isFinite(t) && Math.abs(t) <= maxEpochMs ? t : null;
  };
}

const isoParser: TimeParser = (value) =>
  typeof value === 'string' ? parseIsoInstant(value.trim()) : null;

const isoZone = /\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/u;

/** ISO 8601; a time without a zone is at `offset` minutes from UTC. */
function isoParserAt(offset: number): TimeParser {
  if (offset === 0) return isoParser;
  return (value) => {
    const t = isoParser(value);
    if (t === null || isoZone.test((value as string).trim())) return t;
    return t - offset * 60_000;
  };
}

/** Patterns `auto` tries after ISO 8601 and epoch numbers, most specific first. */
export const knownPatterns = [
  'dd/MMM/yyyy:HH:mm:ss Z', // Apache / Nginx access logs
  'EEE MMM d HH:mm:ss yyyy', // ctime, Apache error logs
  'EEE, d MMM yyyy HH:mm:ss Z', // RFC 2822 / HTTP dates
  'yyyy-MM-dd-HH.mm.ss.SSSSSS', // BGL
  'yyyy/MM/dd HH:mm:ss',
  'yyyy/MM/dd HH:mm:ss.SSS',
  'yyyy-MM-dd HH:mm:ss,SSS', // log4j
  'MMM d HH:mm:ss', // syslog RFC 3164 (no year)
  'MMM d yyyy HH:mm:ss',
  'yyMMdd HHmmss', // HDFS
];

/** Epoch numbers by magnitude: seconds until 5138, then ms, then µs. */
function epochUnitFor(n: number): number {
  const a = Math.abs(n);
  if (a < 1e11) return 1_000;
  if (a < 1e14) return 1;
  return 0.001;
}

const autoName = (n: number) => (n === 1_000 ? 'epoch-s' : n === 1 ? 'epoch-ms' : 'epoch-us');

/**
 * Finds a format that reads `value`: a named format or one of the known patterns. Used by
 * `auto` and by the preview's field detection.
 */
export function detectTimeFormat(value: unknown, options: PatternOptions = {}): string | null {
  if (typeof value === 'number')
    return Number.isFinite(value) ? autoName(epochUnitFor(value)) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^-?\d{9,}(\.\d+)?$/u.test(text)) return autoName(epochUnitFor(Number(text)));
  if (isoParser(text) !== null) return 'iso';
  for (const p of knownPatterns) if (patternParser(p, options)(text) !== null) return p;
  return null;
}

/** A parser for a format name or pattern. Throws TimePatternError for a bad pattern. */
export function timeParser(
  format: string,
  options: PatternOptions = {},
): TimeParser & { describe(): string } {
  let parse: TimeParser;
  let describe = () => format;
  const offset = options.utcOffset === undefined ? 0 : offsetMinutes(options.utcOffset);
  if (offset === null) throw new TimePatternError(`bad UTC offset "${options.utcOffset}"`);
  switch (format) {
    case 'iso':
      parse = isoParserAt(offset);
      break;
    case 'epoch-s':
      parse = epochParser(1_000);
      break;
    case 'epoch-ms':
      parse = epochParser(1);
      break;
    case 'epoch-us':
      parse = epochParser(0.001);
      break;
    case 'auto': {
      // Sticks to the format that read the last value: detection runs once per change, not
      // once per record.
      let current: { name: string; parse: TimeParser } | null = null;
      parse = (value) => {
        if (current) {
          const t = current.parse(value);
          if (t !== null) return t;
        }
        const name = detectTimeFormat(value, options);
        if (name === null) return null;
        current = { name, parse: timeParser(name, options) };
        return current.parse(value);
      };
      describe = () => (current ? `auto (${current.name})` : 'auto');
      break;
    }
    default:
      parse = patternParser(format, options);
  }
  return Object.assign(parse, { describe });
}

/** The parser a time mapping asks for. */
export function timeParserFor(mapping: TimeMapping, now?: () => number) {
  const options: PatternOptions = {};
  if (mapping.year !== undefined) options.year = mapping.year;
  if (mapping.utcOffset !== undefined) options.utcOffset = mapping.utcOffset;
  if (now) options.now = now;
  return timeParser(mapping.format ?? 'auto', options);
}
