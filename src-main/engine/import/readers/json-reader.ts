import { parseJsonText } from '../json-text';
import { describeJsonType, type RawRecord, type RecordReader } from './raw-record';

/**
 * A JSON document whose records are the elements of one array: the top level (`[{...}, ...]`)
 * or an array member of a top-level object (`{"Records": [...]}`, CloudTrail's shape; `records`
 * names the key, else the first array member is taken). Streamed: a scanner finds where each
 * element starts and ends (strings, escapes, nesting) and only that element is parsed, so memory
 * holds one element at a time and a broken element costs that element only.
 */
export function jsonReader(recordsKey: string | undefined): RecordReader {
  return async function* (chunks, state) {
    const s = new JsonRecordScanner(recordsKey);
    for await (const text of chunks) {
      const out: RawRecord[] = [];
      s.scan(text, out);
      state.lines = s.line;
      if (out.length > 0) yield out;
    }
    const out: RawRecord[] = [];
    s.finish(out);
    state.lines = s.line;
    if (out.length > 0) yield out;
  };
}

/** The records that lie whole in the first part of a document (detection and previews). */
export function recordsInHead(head: string, recordsKey?: string): RawRecord[] {
  const out: RawRecord[] = [];
  try {
    new JsonRecordScanner(recordsKey).scan(head, out);
  } catch {
    // not a document of records
  }
  return out;
}

/** Character codes the scanner looks for. */
const C = {
  Quote: 34,
  Backslash: 92,
  Comma: 44,
  Colon: 58,
  OpenBrace: 123,
  CloseBrace: 125,
  OpenBracket: 91,
  CloseBracket: 93,
  Newline: 10,
} as const;

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

export class JsonRecordScanner {
  line = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Depth of the records array once found (its elements sit at depth + 1). */
  private arrayDepth = -1;
  private done = false;
  private started = false;
  /** Text of the element being read, from its first character. */
  private element: string | null = null;
  private elementLine = 0;
  /** At depth 1 of a top-level object: the last key read, and whether a key is being read. */
  private key = '';
  private keyStart = -1;
  private keyCarry = '';
  private expectKey = false;

  constructor(private readonly recordsKey: string | undefined) {}

  scan(text: string, out: RawRecord[]): void {
    let from = 0; // where the current element starts inside `text`
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === C.Newline) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === C.Backslash) this.escape = true;
        else if (c === C.Quote) {
          this.inString = false;
          if (this.keyStart >= 0 || this.keyCarry) {
            this.key = this.keyCarry + text.slice(Math.max(this.keyStart, 0), i);
            this.keyStart = -1;
            this.keyCarry = '';
          }
        }
        continue;
      }
      if (this.done || isSpace(c)) continue;
      if (!this.started) {
        this.started = true;
        if (c === C.OpenBracket) this.arrayDepth = 1;
        else if (c !== C.OpenBrace) {
          throw new SyntaxError(
            `line ${this.line}: a JSON document of records starts with [ or {, not "${String.fromCharCode(c)}"`,
          );
        }
        this.depth = 1;
        this.expectKey = c === C.OpenBrace;
        continue;
      }
      const inArray = this.arrayDepth > 0 && this.depth === this.arrayDepth;
      if (inArray && this.element === null) {
        if (c === C.Comma) continue;
        if (c === C.CloseBracket) {
          this.done = true; // the records array is closed; the rest is not read
          continue;
        }
        this.element = '';
        this.elementLine = this.line;
        from = i;
      }
      if (c === C.Quote) {
        this.inString = true;
        if (this.arrayDepth < 0 && this.depth === 1 && this.expectKey) this.keyStart = i + 1;
        continue;
      }
      if (c === C.OpenBrace || c === C.OpenBracket) {
        if (
          c === C.OpenBracket &&
          this.arrayDepth < 0 &&
          this.depth === 1 &&
          (this.recordsKey === undefined || this.recordsKey === this.key)
        ) {
          this.arrayDepth = 2;
          this.depth = 2;
          continue;
        }
        this.depth++;
        continue;
      }
      if (this.arrayDepth < 0 && this.depth === 1) {
        if (c === C.Colon) this.expectKey = false;
        else if (c === C.Comma) this.expectKey = true;
      }
      if (c === C.CloseBrace || c === C.CloseBracket) {
        this.depth--;
        if (this.element !== null && this.depth === this.arrayDepth) {
          this.emit(this.element + text.slice(from, i + 1), out);
          continue;
        }
        if (this.depth === 0) this.done = true;
        continue;
      }
      // A scalar element ends at the next comma or bracket at the array's depth.
      if (this.element !== null && this.depth === this.arrayDepth) {
        const end = scalarEnd(text, i);
        if (end < n) {
          this.emit(this.element + text.slice(from, end), out);
          i = end - 1;
        } else {
          i = n - 1;
        }
      }
    }
    if (this.element !== null) this.element += text.slice(from);
    if (this.keyStart >= 0) {
      this.keyCarry += text.slice(this.keyStart);
      this.keyStart = 0;
    }
  }

  private emit(text: string, out: RawRecord[]) {
    const line = this.elementLine;
    this.element = null;
    let value: unknown;
    try {
      value = parseJsonText(text);
    } catch (err) {
      out.push({ line, text, error: `not valid JSON (${(err as Error).message})` });
      return;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out.push({ line, text, value: value as Record<string, unknown> });
    } else {
      out.push({ line, text, error: `expected a JSON object, got ${describeJsonType(value)}` });
    }
  }

  finish(out: RawRecord[]): void {
    if (this.element !== null && this.element.trim() !== '') {
      out.push({
        line: this.elementLine,
        text: this.element.slice(0, 300),
        error: 'the file ends inside this record',
      });
      this.element = null;
    } else if (this.started && this.arrayDepth < 0) {
      out.push({
        line: 1,
        text: '',
        error: this.recordsKey
          ? `the top-level object has no array "${this.recordsKey}"`
          : 'the top-level object holds no array of records',
      });
    }
  }
}

function scalarEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === C.Comma || c === C.CloseBracket || isSpace(c)) return j;
    j++;
  }
  return j;
}
