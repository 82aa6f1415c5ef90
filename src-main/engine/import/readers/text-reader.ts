import { splitLines } from '../source';
import { castNumber, type RawRecord, type RecordReader } from './raw-record';

export class PatternError extends Error {}

/** Compiles a text pattern: a regular expression with named groups (JavaScript syntax). */
export function compileLinePattern(pattern: string): { regex: RegExp; names: string[] } {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch (err) {
    throw new PatternError(`pattern: not a valid regular expression (${(err as Error).message})`);
  }
  const names = [...new Set([...pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/gu)].map((m) => m[1]!))];
  if (names.length === 0) {
    throw new PatternError('pattern: name the parts to keep with named groups, like (?<host>\\S+)');
  }
  if (names.includes('__proto__'))
    throw new PatternError('pattern: a group may not be named __proto__');
  return { regex, names };
}

/**
 * Plain-text logs: each non-blank line must match the pattern; its named groups become the
 * record's fields (groups that took no part are left out; canonical numbers become numbers).
 */
export function textReader(pattern: string, label: string, numbers: boolean): RecordReader {
  const { regex, names } = compileLinePattern(pattern);
  return async function* (chunks, state) {
    for await (const { first, lines } of splitLines(chunks)) {
      const out: RawRecord[] = [];
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i]!;
        const groups = regex.exec(text)?.groups;
        if (!groups) {
          if (text.trim().length > 0) {
            out.push({ line: first + i, text, error: `does not match the ${label} pattern` });
          }
          continue;
        }
        const value: Record<string, unknown> = {};
        for (const name of names) {
          const v = groups[name];
          if (v !== undefined) value[name] = numbers ? castNumber(v) : v;
        }
        out.push({ line: first + i, text, value });
      }
      state.lines = first + lines.length - 1;
      yield out;
    }
  };
}
