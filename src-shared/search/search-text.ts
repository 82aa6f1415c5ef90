import { formatField, parseField, type FieldRef, type TopLevelField } from '../contract/fields';
import type { JsonValue } from '../contract/json-value';
import { structuralLimits } from '../contract/limits';
import type { Operator } from '../contract/operators';
import { anyField, type WhereNode } from '../contract/query';
import { parseRegex } from './regex-syntax';

/**
 * The query bar's search text, as a person types it, turned into DSL conditions:
 *
 *   Googlebot          every string of the event contains it, in any case (`*` icontains)
 *   "quoted phrase"    the same for the whole phrase, spaces included (\" and \\ inside)
 *   /regex/            a regular expression on every string (`*` imatches; \/ for a slash)
 *   field:value        field = value (field=value too; field!=value is ≠); a value that reads
 *                      as a number, true, false, null or "a quoted string" is that JSON value.
 *                      `type`, `stream`, `seq`, `id`, `timestamp` (and the DSL's names of the
 *                      event's fields) are the event's own; other names are payload paths
 *                      (`payload.type:x`, `metadata.host:y` to say so) — given the catalog
 *                      (`knownFields`), the payload or metadata path or dotted key it knows
 *   -anything          excludes what follows: -word, -"phrase", -/re/, -field:value
 *
 * Parts separated by white space must all hold. `caseSensitive` turns icontains/imatches into
 * contains/matches; `regex` reads every plain word and phrase as a regular expression. A term
 * shaped like an event id also finds the event with that id (ids are not stored strings).
 */
export interface SearchOptions {
  caseSensitive?: boolean;
  regex?: boolean;
  /**
   * The instance's payload and metadata paths (the field catalog's `path`s). A name is read as
   * the path of it the catalog knows: in the payload, else the metadata, and a dotted name as a
   * key with dots in it (Zeek's `id.orig_h:10.0.0.5`): the user types the name the detail pane
   * shows, not `metadata["id.orig_h"]`.
   */
  knownFields?: ReadonlySet<string>;
}

export type SearchPartKind = 'text' | 'regex' | 'field';

/** One part of the search, for the chips: what the user typed and the condition it became. */
export interface SearchPart {
  kind: SearchPartKind;
  /** The part as typed (without the leading `-`). */
  source: string;
  /** The word, phrase, pattern, or `field` of a field part. */
  text: string;
  negated: boolean;
  /** Where the part starts in the search text (UTF-16 index), for error marks and chips. */
  at: number;
  condition: WhereNode;
}

export type ParsedSearch =
  | { ok: true; parts: SearchPart[]; where: WhereNode[] }
  | { ok: false; message: string; at: number };

const idShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
// A field name: plain characters, and keys quoted as the DSL writes them (`payload["id.orig_h"]`).
const fieldPart = /^((?:\["(?:[^"\\]|\\.)*"\]|[^\s:=!"/])+?)(!=|:|=)(.*)$/su;

class SearchError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

export function parseSearchText(text: string, options: SearchOptions = {}): ParsedSearch {
  const parts: SearchPart[] = [];
  let i = 0;
  try {
    while (i < text.length) {
      if (/\s/u.test(text[i]!)) {
        i++;
        continue;
      }
      const start = i;
      const negated = text[i] === '-' && i + 1 < text.length && !/\s/u.test(text[i + 1]!);
      if (negated) i++;
      const body = i;
      let part: Omit<SearchPart, 'negated' | 'at' | 'source'>;
      if (text[i] === '"') {
        const { value, end } = readQuoted(text, i, '"');
        i = end;
        part = textPart(value, options.regex ? 'regex' : 'text', options, body);
      } else if (text[i] === '/') {
        const { value, end } = readQuoted(text, i, '/');
        i = end;
        part = textPart(value, 'regex', options, body);
      } else {
        let end = i;
        // A field value may be quoted: user:"a b"; so may a key of its name: metadata["a b"].
        while (end < text.length && !/\s/u.test(text[end]!)) {
          if (text[end] === '[' && text[end + 1] === '"') {
            end = readQuoted(text, end + 1, '"').end;
            continue;
          }
          if (text[end] === '"' && end > i && /[:=]$/u.test(text.slice(i, end))) {
            end = readQuoted(text, end, '"').end;
            break;
          }
          end++;
        }
        const word = text.slice(i, end);
        i = end;
        part = fieldOrWord(word, options, body);
      }
      const condition = negated ? { not: part.condition } : part.condition;
      parts.push({ ...part, condition, negated, at: start, source: text.slice(body, i) });
    }
  } catch (err) {
    if (err instanceof SearchError) return { ok: false, message: err.message, at: err.at };
    throw err;
  }
  return { ok: true, parts, where: parts.map((p) => p.condition) };
}

function readQuoted(text: string, from: number, quote: string): { value: string; end: number } {
  let value = '';
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      // Inside /.../ only \/ is ours: other escapes belong to the pattern.
      if (next === quote || (quote === '"' && next === '\\')) {
        value += next;
        i++;
        continue;
      }
      value += c;
      continue;
    }
    if (c === quote) return { value, end: i + 1 };
    value += c;
  }
  throw new SearchError(
    quote === '"' ? 'a quote (") without its closing quote' : 'a /regex/ without its closing /',
    from,
  );
}

function textPart(
  value: string,
  kind: 'text' | 'regex',
  options: SearchOptions,
  at: number,
): Omit<SearchPart, 'negated' | 'at' | 'source'> {
  if (value.length === 0) throw new SearchError('an empty search term', at);
  if (value.length > structuralLimits.maxSearchTermLength) {
    throw new SearchError(
      `a search term longer than ${structuralLimits.maxSearchTermLength} characters`,
      at,
    );
  }
  if (kind === 'regex') {
    const parsed = parseRegex(value);
    if (!parsed.ok) throw new SearchError(`not a valid regular expression: ${parsed.message}`, at);
  }
  const operator: Operator =
    kind === 'regex'
      ? options.caseSensitive
        ? 'matches'
        : 'imatches'
      : options.caseSensitive
        ? 'contains'
        : 'icontains';
  const condition: WhereNode = { field: anyField, operator, value };
  // Generated ids are not stored strings: a pasted id finds its event by equality.
  const withId: WhereNode =
    kind === 'text' && idShape.test(value)
      ? { or: [condition, { field: 'id', operator: 'eq', value: value.toLowerCase() }] }
      : condition;
  return { kind, text: value, condition: withId };
}

/**
 * Short names the search box gives the event's own fields, beside their DSL names (`event_type`,
 * `stream_id`, `eventType`, …, which `parseField` knows): a newcomer types `type:PushEvent`
 * for the event's type, not for a `type` inside the payload (`payload.type:` reaches that).
 * The JSON DSL keeps its rule (a bare name is a payload path), so saved queries mean the same.
 */
const eventFieldNames: Readonly<Record<string, TopLevelField>> = {
  type: 'event_type',
  stream: 'stream_id',
  seq: 'sequence_number',
};

/** The event's fields whose values are strings: `stream:42` is the stream named "42". */
const textFields: ReadonlySet<TopLevelField> = new Set(['id', 'stream_id', 'event_type']);

function fieldOrWord(
  word: string,
  options: SearchOptions,
  at: number,
): Omit<SearchPart, 'negated' | 'at' | 'source'> {
  const m = fieldPart.exec(word);
  const ref = m && m[3] !== '' ? searchField(m[1]!, options.knownFields) : null;
  if (m && ref && !/^(https?|ftp|file|mailto)$/iu.test(m[1]!)) {
    const [, name, op, raw] = m as unknown as [string, string, string, string];
    const asText = ref.kind === 'top' && textFields.has(ref.name);
    const value = readValue(raw, at + name.length + op.length, asText);
    // The canonical name (`event_type`, `payload.type`): the chip says which field it is.
    const field = formatField(ref);
    const eq: WhereNode = { field, operator: 'eq', value };
    return { kind: 'field', text: field, condition: op === '!=' ? { not: eq } : eq };
  }
  return textPart(word, options.regex ? 'regex' : 'text', options, at);
}

function searchField(name: string, known?: ReadonlySet<string>): FieldRef | null {
  const event = eventFieldNames[name];
  if (event !== undefined) return { kind: 'top', name: event };
  const parsed = parseField(name);
  const fallback = parsed.ok ? parsed.field : null;
  if (!known) return fallback;
  // With the catalog: the path it knows, in the payload, else in the metadata (Zeek's import
  // keeps the connection's `id.orig_h` there), and keys with dots in them. `id.orig_h` is no
  // path at all (`id` is the event's own field), so without a match the part is a word.
  const explicit = /^(payload|metadata)[.[]/u.test(name);
  for (const candidate of explicit ? [name] : [`payload.${name}`, `metadata.${name}`]) {
    const p = parseField(candidate);
    if (!p.ok) continue;
    const key = literalKey(p.field, known);
    if (known.has(formatField(key))) return key;
  }
  return fallback;
}

/**
 * `a.b.c` read as the path a → b → c, unless the catalog has no such path but has a key with
 * the dots in it: `a.b.c` whole, or `a` then `b.c`, and so on (the first split it knows).
 */
function literalKey(field: FieldRef, known: ReadonlySet<string>): FieldRef {
  if (field.kind !== 'json' || known.has(formatField(field))) return field;
  const segments = field.segments;
  if (segments.length < 2 || !segments.every((s) => typeof s === 'string')) return field;
  for (let from = 0; from < segments.length - 1; from++) {
    for (let to = segments.length; to > from + 1; to--) {
      const key = segments.slice(from, to).join('.');
      const candidate: FieldRef = {
        ...field,
        segments: [...segments.slice(0, from), key, ...segments.slice(to)],
      };
      if (known.has(formatField(candidate))) return candidate;
    }
  }
  return field;
}

function readValue(raw: string, at: number, asText: boolean): JsonValue {
  if (raw.startsWith('"')) return readQuoted(raw, 0, '"').value;
  if (!asText && /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/u.test(raw)) {
    return JSON.parse(raw) as JsonValue;
  }
  if (raw.length > structuralLimits.maxSearchTermLength) {
    throw new SearchError(
      `a value longer than ${structuralLimits.maxSearchTermLength} characters`,
      at,
    );
  }
  return raw;
}
