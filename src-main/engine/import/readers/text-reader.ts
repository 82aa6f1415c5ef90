import { splitLines } from '../source';
import { castNumber, type RawRecord, type RecordReader } from './raw-record';

export class PatternError extends Error {}

/** Compiles a text pattern: a regular expression with named groups (JavaScript syntax). */
export function compileLinePattern(pattern: string): RegExp {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch (err) {
    throw new PatternError(`pattern: not a valid regular expression (${(err as Error).message})`);
  }
  if (!/\(\?<[A-Za-z_$][\w$]*>/u.test(pattern)) {
    throw new PatternError('pattern: name the parts to keep with named groups, like (?<host>\\S+)');
  }
  return regex;
}

/**
 * Plain-text logs: each non-blank line must match the pattern; its named groups become the
 * record's fields (groups that took no part are left out; canonical numbers become numbers).
 */
export function textReader(pattern: string, label: string, numbers: boolean): RecordReader {
  const regex = compileLinePattern(pattern);
  return async function* (chunks, state) {
    for await (const { first, lines } of splitLines(chunks)) {
      const out: RawRecord[] = [];
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i]!;
        if (text.trim().length === 0) continue;
        const m = regex.exec(text);
        if (!m?.groups) {
          out.push({ line: first + i, text, error: `does not match the ${label} pattern` });
          continue;
        }
        const value = Object.create(null) as Record<string, unknown>;
        for (const [key, v] of Object.entries(m.groups)) {
          if (v !== undefined) value[key] = numbers ? castNumber(v) : v;
        }
        out.push({ line: first + i, text, value });
      }
      state.lines = first + lines.length - 1;
      yield out;
    }
  };
}
