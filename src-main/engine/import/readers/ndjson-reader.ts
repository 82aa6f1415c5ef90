import { parseJsonText } from '../json-text';
import { splitLines } from '../source';
import { describeJsonType, type RawRecord, type RecordReader } from './raw-record';

/** One JSON object per line; blank lines are skipped, anything else that is not an object is bad. */
export const readNdjson: RecordReader = async function* (chunks, state) {
  for await (const { first, lines } of splitLines(chunks)) {
    const out: RawRecord[] = [];
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      const line = first + i;
      if (text.length === 0 || text.trim().length === 0) continue;
      let value: unknown;
      try {
        value = parseJsonText(text);
      } catch (err) {
        out.push({ line, text, error: `not valid JSON (${(err as Error).message})` });
        continue;
      }
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        out.push({ line, text, value: value as Record<string, unknown> });
      } else {
        out.push({ line, text, error: `expected a JSON object, got ${describeJsonType(value)}` });
      }
    }
    state.lines = first + lines.length - 1;
    yield out;
  }
};
