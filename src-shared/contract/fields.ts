import { limitText, structuralLimits } from './limits';
import { isWellFormed, notWellFormed } from './well-formed';

/** The event's own columns, in their canonical (wire) spelling. */
export const topLevelFields = [
  'id',
  'stream_id',
  'event_type',
  'timestamp',
  'sequence_number',
] as const;
export type TopLevelField = (typeof topLevelFields)[number];

/** camelCase spellings accepted wherever a field is named. */
export const fieldAliases: Readonly<Record<string, TopLevelField>> = {
  streamId: 'stream_id',
  eventType: 'event_type',
  sequenceNumber: 'sequence_number',
};

export type JsonRoot = 'payload' | 'metadata';
export type PathSegment = string | number;

export type FieldRef =
  { kind: 'top'; name: TopLevelField } | { kind: 'json'; root: JsonRoot; segments: PathSegment[] };

export type FieldParse = { ok: true; field: FieldRef } | { ok: false; message: string };

const plainKey = /^[A-Za-z_$@][\w$@-]*$/u;

function isTopLevel(name: string): TopLevelField | undefined {
  if ((topLevelFields as readonly string[]).includes(name)) return name as TopLevelField;
  return fieldAliases[name];
}

/**
 * Parses a field name of the DSL: `timestamp`, `streamId`, `payload.user.id`,
 * `metadata["id.orig_h"]`, `payload.tags[0]`, or a bare `user` meaning `payload.user`.
 * Keys are split on dots; a key holding dots or other special characters is quoted.
 */
export function parseField(text: string): FieldParse {
  if (text.length === 0) return { ok: false, message: 'field name is empty' };
  if (!isWellFormed(text)) return { ok: false, message: `field name ${notWellFormed(text)}` };
  if (text.length > structuralLimits.maxFieldPathLength) {
    return {
      ok: false,
      message: `field name is ${limitText(text.length)} characters long (the limit is ${limitText(structuralLimits.maxFieldPathLength)})`,
    };
  }
  const segments: PathSegment[] = [];
  let i = 0;
  let expectKey = true; // at the start, or right after a dot
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '[') {
      const close = readBracket(text, i);
      if (!close.ok) return close;
      segments.push(close.segment);
      i = close.end;
      expectKey = false;
      if (i < text.length && text[i] !== '.' && text[i] !== '[') {
        return {
          ok: false,
          message: `unexpected "${text[i]!}" at position ${i} in field "${text}"`,
        };
      }
      continue;
    }
    if (ch === '.') {
      if (expectKey) return { ok: false, message: `empty key at position ${i} in field "${text}"` };
      expectKey = true;
      i++;
      continue;
    }
    if (!expectKey)
      return { ok: false, message: `expected "." or "[" at position ${i} in field "${text}"` };
    let end = i;
    while (end < text.length && !'.[]"\''.includes(text[end]!) && !/\s/u.test(text[end]!)) end++;
    if (end === i) {
      return {
        ok: false,
        message: `unexpected "${ch}" at position ${i} in field "${text}" (quote keys like ["a b"])`,
      };
    }
    segments.push(text.slice(i, end));
    i = end;
    expectKey = false;
  }
  if (expectKey) return { ok: false, message: `field "${text}" ends with a dot` };
  if (segments.length > structuralLimits.maxFieldPathSteps) {
    return {
      ok: false,
      message: `field "${text}" has ${segments.length} steps (the limit is ${structuralLimits.maxFieldPathSteps})`,
    };
  }

  const [first, ...rest] = segments;
  if (
    typeof first === 'string' &&
    (first === 'payload' || first === 'metadata') &&
    !quotedFirst(text)
  ) {
    return { ok: true, field: { kind: 'json', root: first, segments: rest } };
  }
  const top = typeof first === 'string' && !quotedFirst(text) ? isTopLevel(first) : undefined;
  if (top) {
    if (rest.length > 0)
      return {
        ok: false,
        message: `"${first as string}" is a top-level field and has no sub-fields`,
      };
    return { ok: true, field: { kind: 'top', name: top } };
  }
  if (typeof first === 'number') {
    return { ok: false, message: `field "${text}" must start with a name, not an index` };
  }
  return { ok: true, field: { kind: 'json', root: 'payload', segments } };
}

function quotedFirst(text: string): boolean {
  return text.startsWith('[');
}

type BracketRead = { ok: true; segment: PathSegment; end: number } | { ok: false; message: string };

function readBracket(text: string, start: number): BracketRead {
  const quote = text[start + 1];
  if (quote === '"' || quote === "'") {
    // A quoted key: JSON string escapes inside double quotes; single quotes take the text as is.
    let j = start + 2;
    while (j < text.length) {
      if (text[j] === '\\' && quote === '"') j += 2;
      else if (text[j] === quote) break;
      else j++;
    }
    if (j >= text.length || text[j + 1] !== ']') {
      return { ok: false, message: `unclosed quoted key at position ${start} in field "${text}"` };
    }
    const raw = text.slice(start + 2, j);
    let key: string;
    if (quote === '"') {
      try {
        key = JSON.parse(`"${raw}"`) as string;
      } catch {
        return {
          ok: false,
          message: `bad escape in quoted key at position ${start} in field "${text}"`,
        };
      }
    } else {
      key = raw;
    }
    if (!isWellFormed(key)) {
      // A "\ud800" escape: well-formed as written, not once read.
      return { ok: false, message: `the quoted key at position ${start} ${notWellFormed(key)}` };
    }
    return { ok: true, segment: key, end: j + 2 };
  }
  const close = text.indexOf(']', start);
  const digits = close < 0 ? '' : text.slice(start + 1, close);
  if (!/^\d{1,7}$/u.test(digits)) {
    return {
      ok: false,
      message: `expected an array index like [0] or a quoted key like ["a.b"] at position ${start} in field "${text}"`,
    };
  }
  return { ok: true, segment: Number(digits), end: close + 1 };
}

/** The canonical text of a field, which parseField reads back to the same FieldRef. */
export function formatField(field: FieldRef): string {
  if (field.kind === 'top') return field.name;
  let out: string = field.root;
  for (const seg of field.segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (plainKey.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
