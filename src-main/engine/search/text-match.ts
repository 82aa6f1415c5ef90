import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { textOperators, type TextOperator } from '../../../src-shared/contract/operators';
import { foldCase } from '../../../src-shared/search/fold';
import {
  parseRegex,
  requiredLiterals,
  type Requirement,
} from '../../../src-shared/search/regex-syntax';
import { unreachable } from '../../../src-shared/unreachable';
import { EngineError } from '../errors';
import { someJsonbString } from './jsonb-strings';

/**
 * The exact meaning of the text operators on one string, as JavaScript the SQL functions call.
 * The text index only narrows the events down; these decide. Semantics: docs/query-dsl.md.
 */

export type StringTest = (text: string) => boolean;

interface Re2 {
  test(text: string): boolean;
  /** re2-wasm's embind object: its memory is freed only by delete(). */
  wrapper?: { delete(): void };
}
type Re2Constructor = new (pattern: string, flags: string) => Re2;

/**
 * re2-wasm has a fixed 16 MiB heap, and each compiled expression may grow a DFA cache of up to
 * 8 MiB in it; running out aborts the call. So at most `maxLiveRegexes` are kept (the oldest is
 * freed), and a call that runs out frees them all and fails the query with LIMIT_EXCEEDED.
 */
const maxLiveRegexes = 6;
const live = new Map<string, Re2>();

function freeRegex(re: Re2): void {
  try {
    re.wrapper?.delete();
  } catch {
    // already freed
  }
}

function freeAll(): void {
  for (const re of live.values()) freeRegex(re);
  live.clear();
}

function liveRegex(pattern: string, ignoreCase: boolean, at: string): Re2 {
  const key = `${ignoreCase ? 'i' : '-'}${pattern}`;
  let re = live.get(key);
  if (re) return re;
  if (live.size >= maxLiveRegexes) {
    const [oldest, old] = live.entries().next().value!;
    live.delete(oldest);
    freeRegex(old);
  }
  re = compileRegex(pattern, ignoreCase, at);
  live.set(key, re);
  return re;
}

function runRegex(re: Re2, text: string): boolean {
  try {
    return re.test(text);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    freeAll();
    cache.clear();
    throw new EngineError(
      'LIMIT_EXCEEDED',
      `the regular expression needs more memory than RE2 has here (${(err as Error).message.slice(0, 80)}); simplify it`,
    );
  }
}

let re2: Re2Constructor | undefined;
/** re2-wasm (RE2 in WebAssembly: no native build, the same in Node, workers and Electron). */
function loadRe2(): Re2Constructor {
  // Loaded on the first regular expression: its module instantiates ~850 KB of WebAssembly.
  re2 ??= (createRequire(import.meta.url)('re2-wasm') as { RE2: Re2Constructor }).RE2;
  return re2;
}

/**
 * Compiles a validated pattern with RE2. A pattern the shared syntax accepts but RE2 refuses
 * (too large once its repetitions are expanded) is a VALIDATION_ERROR naming the problem.
 */
export function compileRegex(pattern: string, ignoreCase: boolean, at: string): Re2 {
  const RE2 = loadRe2();
  try {
    return new RE2(pattern, ignoreCase ? 'iu' : 'u');
  } catch (err) {
    const detail = (err as Error).message.replace(/^.*?: (?=[^:]*$)/su, '');
    throw new EngineError(
      'VALIDATION_ERROR',
      `${at}: the regular expression is refused: ${detail}`,
    );
  }
}

/** Whether a folded text satisfies the literals a regex requires (a cheap pre-check). */
function satisfies(folded: string, req: Requirement): boolean {
  switch (req.kind) {
    case 'true':
      return true;
    case 'literal':
      return folded.includes(req.text);
    case 'and':
      return req.parts.every((p) => satisfies(folded, p));
    case 'or':
      return req.parts.some((p) => satisfies(folded, p));
  }
}

function foldRequirement(req: Requirement): Requirement {
  switch (req.kind) {
    case 'true':
      return req;
    case 'literal':
      return { kind: 'literal', text: foldCase(req.text) };
    case 'and':
    case 'or':
      return { kind: req.kind, parts: req.parts.map(foldRequirement) };
  }
}

/** The test one operator with one operand makes of a string. */
export function stringTest(op: TextOperator, value: string, at = 'value'): StringTest {
  switch (op) {
    case 'contains':
      return (s) => s.includes(value);
    case 'startsWith':
      return (s) => s.startsWith(value);
    case 'icontains': {
      const v = foldCase(value);
      return (s) => foldCase(s).includes(v);
    }
    case 'istartsWith': {
      const v = foldCase(value);
      return (s) => foldCase(s).startsWith(v);
    }
    case 'ieq': {
      const v = foldCase(value);
      return (s) => foldCase(s) === v;
    }
    case 'matches':
    case 'imatches': {
      const parsed = parseRegex(value);
      if (!parsed.ok) throw new EngineError('VALIDATION_ERROR', `${at}: ${parsed.message}`);
      const ignoreCase = op === 'imatches';
      liveRegex(value, ignoreCase, at); // compiles now: errors belong to validation
      // RE2 through WebAssembly costs microseconds a call; strings without the literals every
      // match contains are ruled out in JavaScript first.
      const req = foldRequirement(requiredLiterals(parsed.ast, ignoreCase));
      const run = (s: string) => runRegex(liveRegex(value, ignoreCase, at), s);
      if (req.kind === 'true') return run;
      return (s) => satisfies(foldCase(s), req) && run(s);
    }
    default:
      return unreachable(op);
  }
}

/** Compiled tests by `op NUL value`, per thread: a query calls them once per candidate row. */
const cache = new Map<string, StringTest>();

function testFor(spec: string): StringTest {
  let test = cache.get(spec);
  if (!test) {
    const cut = spec.indexOf('\u0000');
    const op = spec.slice(0, cut) as TextOperator;
    if (!(textOperators as readonly string[]).includes(op))
      throw new Error(`unknown text op ${op}`);
    test = stringTest(op, spec.slice(cut + 1));
    remember(spec, test);
  }
  return test;
}

/** The `spec` argument of the SQL functions below. */
export function textSpec(op: TextOperator, value: string): string {
  return `${op}\u0000${value}`;
}

/**
 * Compiles an operator's test on this thread before a query runs (so a bad pattern is a
 * VALIDATION_ERROR naming `at`, not an error from inside SQLite) and answers its `spec`.
 */
export function prepareTextTest(op: TextOperator, value: string, at: string): string {
  const spec = textSpec(op, value);
  if (!cache.has(spec)) remember(spec, stringTest(op, value, at));
  return spec;
}

function remember(spec: string, test: StringTest): void {
  if (cache.size >= 64) cache.delete(cache.keys().next().value!);
  cache.set(spec, test);
}

/**
 * SQL functions for the text operators, registered on every connection (the query workers'
 * read-only ones too):
 *   el_text(spec, value)                 1 when value is text and passes the test, else 0
 *   el_text_any(spec, payload, metadata) 1 when some string value in either JSONB blob passes
 * Never NULL, so NOT of them is exact.
 */
export function registerTextFunctions(db: Database.Database): void {
  db.function('el_text', { deterministic: true, directOnly: true }, (spec: unknown, v: unknown) =>
    typeof spec === 'string' && typeof v === 'string' && testFor(spec)(v) ? 1 : 0,
  );
  db.function(
    'el_text_any',
    { deterministic: true, directOnly: true },
    (spec: unknown, payload: unknown, metadata: unknown) => {
      if (typeof spec !== 'string') return 0;
      const test = testFor(spec);
      return (payload instanceof Uint8Array && someJsonbString(payload, test)) ||
        (metadata instanceof Uint8Array && someJsonbString(metadata, test))
        ? 1
        : 0;
    },
  );
}
