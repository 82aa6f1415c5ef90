import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { Query } from '../../../src-shared/contract/query';

/**
 * "Copy as": the same query as DSL JSON, as an `eventlens` command line, and as an SDK-style
 * call. Each form must give the same answer when run, so the JSON is the exact query.
 */
export function asDslJson(query: Query): string {
  return JSON.stringify(query, null, 2);
}

/**
 * A POSIX shell word holding `text` exactly: single quotes, with each ' written as '\'' (the
 * only character single quotes cannot hold). Safe for any text, including $, `, \, ! and
 * newlines. Plain words that need no quoting are left bare.
 */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/u.test(text)) return text;
  return `'${text.replace(/'/gu, `'\\''`)}'`;
}

export interface CliOptions {
  /** The database file, when the app knows it; else the command uses eventlens's default. */
  db?: string;
}

/** `eventlens queryEvents '{"query":{...}}' --db ./events.db` */
export function asCliCommand(query: Query, options: CliOptions = {}): string {
  const words = ['eventlens', 'queryEvents', shellQuote(JSON.stringify({ query }))];
  if (options.db) words.push('--db', shellQuote(options.db));
  return words.join(' ');
}

const identifier = /^[A-Za-z_$][\w$]*$/u;

/** A JavaScript literal of a JSON value, keys unquoted where they may be, two-space indented. */
export function jsLiteral(value: JsonValue, indent = 0): string {
  const pad = '  '.repeat(indent);
  const inner = '  '.repeat(indent + 1);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string' ? quoteJs(value) : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = value.every((v) => v === null || typeof v !== 'object');
    const items = value.map((v) => jsLiteral(v, indent + 1));
    const oneLine = `[${items.join(', ')}]`;
    if (flat && oneLine.length + inner.length <= 80) return oneLine;
    return `[\n${items.map((s) => inner + s).join(',\n')},\n${pad}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const items = entries.map(
    ([k, v]) => `${identifier.test(k) ? k : quoteJs(k)}: ${jsLiteral(v, indent + 1)}`,
  );
  const oneLine = `{ ${items.join(', ')} }`;
  if (!oneLine.includes('\n') && oneLine.length + inner.length <= 80) return oneLine;
  return `{\n${items.map((s) => inner + s).join(',\n')},\n${pad}}`;
}

/** A single-quoted JS string (the house style); JSON escapes for everything else. */
function quoteJs(text: string): string {
  const json = JSON.stringify(text);
  return `'${json.slice(1, -1).replace(/\\"/gu, '"').replace(/'/gu, "\\'")}'`;
}

/** `await eventLog.queryEvents({ ... })`, the seed API's call with the same query. */
export function asSdkCall(query: Query): string {
  return `await eventLog.queryEvents(${jsLiteral(query as unknown as JsonValue)});`;
}
