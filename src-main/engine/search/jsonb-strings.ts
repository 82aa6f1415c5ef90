/**
 * The string values (not object keys) of a JSONB blob, read straight from SQLite's binary JSON
 * (https://sqlite.org/jsonb.html) without turning it into JSON text and parsing that: text
 * search over every field reads payload and metadata this way, once per candidate event.
 *
 * An element is a header (type in the low 4 bits; payload size in the high 4 bits, or in the
 * next 1, 2, 4 or 8 bytes, big-endian) followed by its payload. Arrays and objects hold their
 * elements back to back; an object alternates labels and values.
 */
const TEXT = 7;
const TEXTJ = 8;
const TEXTRAW = 10;
const ARRAY = 11;
const OBJECT = 12;

/**
 * Calls `visit` with each string value in the blob, depth first in document order, until it
 * returns true; answers whether one did. Throws on a malformed blob (never the case for blobs
 * the engine stored with jsonb()).
 */
export function someJsonbString(blob: Uint8Array, visit: (text: string) => boolean): boolean {
  return walk(blob, 0, blob.length, false, visit);
}

function walk(
  b: Uint8Array,
  start: number,
  end: number,
  labels: boolean,
  visit: (text: string) => boolean,
): boolean {
  let i = start;
  let isLabel = labels;
  while (i < end) {
    const head = b[i]!;
    const type = head & 0x0f;
    const code = head >> 4;
    let size: number;
    let at: number;
    if (code <= 11) {
      size = code;
      at = i + 1;
    } else if (code === 12) {
      size = b[i + 1]!;
      at = i + 2;
    } else if (code === 13) {
      size = (b[i + 1]! << 8) | b[i + 2]!;
      at = i + 3;
    } else if (code === 14) {
      size = ((b[i + 1]! << 24) >>> 0) + ((b[i + 2]! << 16) | (b[i + 3]! << 8) | b[i + 4]!);
      at = i + 5;
    } else {
      // 8-byte sizes: events are at most a few MiB, so the high half is zero.
      size = ((b[i + 5]! << 24) >>> 0) + ((b[i + 6]! << 16) | (b[i + 7]! << 8) | b[i + 8]!);
      at = i + 9;
    }
    const next = at + size;
    if (next > end) throw new Error('malformed JSONB: an element runs past its container');
    if (!isLabel) {
      if (type === ARRAY) {
        if (walk(b, at, next, false, visit)) return true;
      } else if (type === OBJECT) {
        if (walk(b, at, next, true, visit)) return true;
      } else if (type >= TEXT && type <= TEXTRAW) {
        if (visit(decodeText(b, at, next, type))) return true;
      }
    }
    if (labels) isLabel = !isLabel;
    i = next;
  }
  return false;
}

const utf8 = new TextDecoder('utf-8');

function decodeText(b: Uint8Array, start: number, end: number, type: number): string {
  const raw = utf8.decode(b.subarray(start, end));
  if (type === TEXT || type === TEXTRAW || !raw.includes('\\')) return raw;
  if (type === TEXTJ) return JSON.parse(`"${raw}"`) as string;
  return unescapeJson5(raw); // TEXT5
}

const json5Escapes: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '0': '\0',
};

/** JSON5 string escapes (TEXT5), which jsonb() keeps as written. */
function unescapeJson5(raw: string): string {
  return raw.replace(
    /\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|(\r\n|[\n\r\u2028\u2029])|(.))/gsu,
    (_m, hex?: string, uni?: string, lineEnd?: string, ch?: string) => {
      if (hex) return String.fromCharCode(parseInt(hex, 16));
      if (uni) return String.fromCharCode(parseInt(uni, 16));
      if (lineEnd) return '';
      return json5Escapes[ch!] ?? ch!;
    },
  );
}
