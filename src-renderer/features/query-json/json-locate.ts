/**
 * A small JSON reader that remembers where every value and key is in the text, so that a
 * validation error at `where[1].value` can be marked on the exact characters. It reads strict
 * JSON (RFC 8259) and reports the first syntax error with its offset.
 */
export interface Span {
  from: number;
  to: number;
}

export type JsonPath = readonly (string | number)[];

export type LocatedJson =
  | { ok: true; value: unknown; spans: Map<string, { value: Span; key?: Span }> }
  | { ok: false; error: { message: string; at: number } };

export const pathKey = (path: JsonPath): string => JSON.stringify(path);

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

export function locateJson(text: string): LocatedJson {
  const spans = new Map<string, { value: Span; key?: Span }>();
  let i = 0;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const skipWs = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the text' : `"${text[at]!}"`);

  const readString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch === '\\') {
        const esc = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (esc !== undefined && esc in simple) {
          out += simple[esc];
          i += 2;
          continue;
        }
        if (esc === 'u' && /^[0-9a-fA-F]{4}$/u.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        fail('bad escape in a string', i);
      }
      if (ch.charCodeAt(0) < 0x20) fail('control character in a string (escape it)', i);
      out += ch;
      i++;
    }
    return fail('unterminated string', start);
  };

  // The items of an object or an array, from its opening bracket: none, or each read by `item`
  // and followed by a comma or by the closing bracket.
  const readItems = (close: '}' | ']', item: () => void) => {
    i++;
    skipWs();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      skipWs();
      if (text[i] === close) break;
      if (text[i] !== ',') fail(`expected "," or "${close}" after a value, found ${describe(i)}`);
      i++;
    }
    i++;
  };

  const readValue = (path: (string | number)[], key?: Span): unknown => {
    skipWs();
    const start = i;
    const ch = text[i];
    let value: unknown;
    if (ch === '{') {
      const obj: Record<string, unknown> = {};
      readItems('}', () => {
        skipWs();
        if (text[i] !== '"') fail(`expected a key in quotes, found ${describe(i)}`);
        const keyStart = i;
        const k = readString();
        const keySpan = { from: keyStart, to: i };
        skipWs();
        if (text[i] !== ':') fail(`expected ":" after the key, found ${describe(i)}`);
        i++;
        Object.defineProperty(obj, k, {
          value: readValue([...path, k], keySpan),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      });
      value = obj;
    } else if (ch === '[') {
      const arr: unknown[] = [];
      readItems(']', () => arr.push(readValue([...path, arr.length])));
      value = arr;
    } else if (ch === '"') {
      value = readString();
    } else if (ch !== undefined && /[-0-9]/u.test(ch)) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/u.exec(text.slice(i));
      if (!m) fail('bad number');
      i += m![0].length;
      value = Number(m![0]);
    } else if (text.startsWith('true', i)) {
      i += 4;
      value = true;
    } else if (text.startsWith('false', i)) {
      i += 5;
      value = false;
    } else if (text.startsWith('null', i)) {
      i += 4;
      value = null;
    } else {
      fail(`expected a value, found ${describe(i)}`);
    }
    const entry: { value: Span; key?: Span } = { value: { from: start, to: i } };
    if (key) entry.key = key;
    spans.set(pathKey(path), entry);
    return value;
  };

  try {
    const value = readValue([]);
    skipWs();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the value`);
    return { ok: true, value, spans };
  } catch (err) {
    if (err instanceof JsonSyntaxError)
      return { ok: false, error: { message: err.message, at: err.at } };
    throw err;
  }
}

/**
 * The span to mark for a problem at `path`: the value there, else the nearest ancestor that
 * exists (a missing key is marked on the object that lacks it). `onKey` marks the key instead
 * (for unknown keys).
 */
export function spanAt(
  spans: Map<string, { value: Span; key?: Span }>,
  path: JsonPath,
  onKey = false,
): Span {
  for (let n = path.length; n >= 0; n--) {
    const entry = spans.get(pathKey(path.slice(0, n)));
    if (entry) return onKey && n === path.length && entry.key ? entry.key : entry.value;
  }
  return { from: 0, to: 0 };
}

/** 1-based line and column of an offset, for messages. */
export function lineColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let k = 0; k < at && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      last = k;
    }
  }
  return { line, column: at - last };
}
