import { describe, expect, it } from 'vitest';
import { querySchema } from '../contract/query';
import { highlighter } from './highlight';
import { parseSearchText } from './search-text';

const where = (text: string, options = {}) => {
  const r = parseSearchText(text, options);
  if (!r.ok) throw new Error(r.message);
  return r.where;
};

describe('parseSearchText', () => {
  it('turns words, phrases, regexes, fields and exclusions into conditions', () => {
    expect(
      where('Googlebot "served from cache" -/^GET / status:404 -level:"WARN" x!=true'),
    ).toEqual([
      { field: '*', operator: 'icontains', value: 'Googlebot' },
      { field: '*', operator: 'icontains', value: 'served from cache' },
      { not: { field: '*', operator: 'imatches', value: '^GET ' } },
      { field: 'payload.status', operator: 'eq', value: 404 },
      { not: { field: 'payload.level', operator: 'eq', value: 'WARN' } },
      { not: { field: 'payload.x', operator: 'eq', value: true } },
    ]);
  });

  it('reads type, stream, seq, id and timestamp as the event’s own fields', () => {
    expect(
      where('type:PushEvent stream:10.0.0.9 -seq:3 id:e-1 timestamp:"2021-07-21T06:00:00Z"'),
    ).toEqual([
      { field: 'event_type', operator: 'eq', value: 'PushEvent' },
      { field: 'stream_id', operator: 'eq', value: '10.0.0.9' },
      { not: { field: 'sequence_number', operator: 'eq', value: 3 } },
      { field: 'id', operator: 'eq', value: 'e-1' },
      { field: 'timestamp', operator: 'eq', value: '2021-07-21T06:00:00Z' },
    ]);
    // The DSL's own names and its camelCase aliases too, in their canonical spelling.
    expect(where('event_type:A eventType=B streamId!=c sequence_number:7')).toEqual([
      { field: 'event_type', operator: 'eq', value: 'A' },
      { field: 'event_type', operator: 'eq', value: 'B' },
      { not: { field: 'stream_id', operator: 'eq', value: 'c' } },
      { field: 'sequence_number', operator: 'eq', value: 7 },
    ]);
    // The event's text fields keep what was typed as text: the stream named "42", type "true".
    expect(where('stream:42 type:true id:7')).toEqual([
      { field: 'stream_id', operator: 'eq', value: '42' },
      { field: 'event_type', operator: 'eq', value: 'true' },
      { field: 'id', operator: 'eq', value: '7' },
    ]);
  });

  it('reaches a payload or metadata field of the same name by its path', () => {
    expect(where('payload.type:PushEvent payload.stream:2 metadata.type:x payload.id:7')).toEqual([
      { field: 'payload.type', operator: 'eq', value: 'PushEvent' },
      { field: 'payload.stream', operator: 'eq', value: 2 },
      { field: 'metadata.type', operator: 'eq', value: 'x' },
      { field: 'payload.id', operator: 'eq', value: 7 },
    ]);
    expect(where('payload.a.b:1 user.id:7')).toEqual([
      { field: 'payload.a.b', operator: 'eq', value: 1 },
      { field: 'payload.user.id', operator: 'eq', value: 7 },
    ]);
  });

  it('reads a field whose key is quoted as the DSL writes it (Zeek\'s "id.orig_h", a space)', () => {
    expect(
      where('payload["id.orig_h"]:10.0.0.5 -metadata["user agent"]:"curl/8" payload["a\\"b"]=1'),
    ).toEqual([
      { field: 'payload["id.orig_h"]', operator: 'eq', value: '10.0.0.5' },
      { not: { field: 'metadata["user agent"]', operator: 'eq', value: 'curl/8' } },
      { field: 'payload["a\\"b"]', operator: 'eq', value: 1 },
    ]);
    expect(parseSearchText('payload["id.orig_h:1')).toMatchObject({ ok: false, at: 8 });
  });

  it('reads a dotted name as the key with dots the catalog knows, else as a path', () => {
    const knownFields = new Set([
      'metadata["id.orig_h"]',
      'payload.query',
      'payload.a["b.c"]',
      'metadata.host',
      'payload.host',
      'metadata.region',
    ]);
    const parsed = parseSearchText(
      'id.orig_h:10.0.0.5 query:x a.b.c:1 user.id:7 host:h region:eu metadata.host:m',
      { knownFields },
    );
    expect(parsed.ok && parsed.where).toEqual([
      // Zeek's import keeps the connection's fields in the metadata.
      { field: 'metadata["id.orig_h"]', operator: 'eq', value: '10.0.0.5' },
      { field: 'payload.query', operator: 'eq', value: 'x' },
      { field: 'payload.a["b.c"]', operator: 'eq', value: 1 },
      // Not in the catalog either way: the path, as before.
      { field: 'payload.user.id', operator: 'eq', value: 7 },
      // The payload first, then the metadata; a root said is kept.
      { field: 'payload.host', operator: 'eq', value: 'h' },
      { field: 'metadata.region', operator: 'eq', value: 'eu' },
      { field: 'metadata.host', operator: 'eq', value: 'm' },
    ]);
    // Without the catalog a dotted name is a path; `id.` starts none (`id` is the event's
    // own field), so that part was searched as a word and found nothing in Zeek's logs.
    expect(where('user.id:7')).toEqual([{ field: 'payload.user.id', operator: 'eq', value: 7 }]);
    expect(where('id.orig_h:10.0.0.5')).toEqual([
      { field: '*', operator: 'icontains', value: 'id.orig_h:10.0.0.5' },
    ]);
  });

  it('follows the case and regex toggles', () => {
    expect(where('Bot "a b"', { caseSensitive: true, regex: true })).toEqual([
      { field: '*', operator: 'matches', value: 'Bot' },
      { field: '*', operator: 'matches', value: 'a b' },
    ]);
    expect(where('Bot', { caseSensitive: true })).toEqual([
      { field: '*', operator: 'contains', value: 'Bot' },
    ]);
  });

  it('keeps %, _, backslashes and quotes literal', () => {
    expect(where('50%_ "say \\"hi\\" \\\\" a\\b')).toEqual([
      { field: '*', operator: 'icontains', value: '50%_' },
      { field: '*', operator: 'icontains', value: 'say "hi" \\' },
      { field: '*', operator: 'icontains', value: 'a\\b' },
    ]);
    expect(where('/a\\/b\\d/')).toEqual([{ field: '*', operator: 'imatches', value: 'a/b\\d' }]);
  });

  it('reads URLs and times as words, and finds a pasted event id by equality too', () => {
    expect(where('http://x.org/a')).toEqual([
      { field: '*', operator: 'icontains', value: 'http://x.org/a' },
    ]);
    const id = '0a1b2c3d-4e5f-8a6b-8c7d-0000000000ff';
    expect(where(id.toUpperCase())).toEqual([
      {
        or: [
          { field: '*', operator: 'icontains', value: id.toUpperCase() },
          { field: 'id', operator: 'eq', value: id },
        ],
      },
    ]);
  });

  it('gives the chips what each part is', () => {
    const r = parseSearchText('  -"a b"  user.id:7');
    expect(
      r.ok &&
        r.parts.map(({ kind, source, text, negated, at }) => ({ kind, source, text, negated, at })),
    ).toEqual([
      { kind: 'text', source: '"a b"', text: 'a b', negated: true, at: 2 },
      { kind: 'field', source: 'user.id:7', text: 'payload.user.id', negated: false, at: 10 },
    ]);
    const t = parseSearchText('type:PushEvent');
    expect(t.ok && t.parts[0]!.text).toBe('event_type');
  });

  it('says what is wrong and where', () => {
    expect(parseSearchText('ok "open')).toEqual({
      ok: false,
      message: 'a quote (") without its closing quote',
      at: 3,
    });
    expect(parseSearchText('/a(/')).toMatchObject({ ok: false, at: 0 });
    expect(parseSearchText('x'.repeat(1001))).toMatchObject({ ok: false });
    expect(parseSearchText('""')).toMatchObject({ ok: false, message: 'an empty search term' });
  });

  it('makes queries the contract accepts', () => {
    const w = where('Googlebot "a b" -/x+/ status:404 -level:WARN type:A stream:1 seq:2');
    expect(querySchema.safeParse({ from: { instance: 'i' }, where: w }).success).toBe(true);
  });
});

describe('highlighter', () => {
  it('finds the search terms in a field, with the engine folding', () => {
    const h = highlighter(where('googlebot strasse'));
    expect(h.ranges('Mozilla (compatible; Googlebot/2.1)', 'payload.ua')).toEqual([[21, 30]]);
    expect(h.ranges('Hauptstraße 5', 'metadata.address')).toEqual([[5, 11]]);
    expect(h.ranges('STRASSE', 'stream_id')).toEqual([[0, 7]]);
  });

  it('maps folded matches back to whole characters', () => {
    expect(highlighter(where('i')).ranges('İx', 'a')).toEqual([[0, 1]]);
    expect(highlighter(where('s')).ranges('aß', 'a')).toEqual([[1, 2]]);
  });

  it('skips excluded terms, and field terms on other fields', () => {
    const h = highlighter([
      { not: { field: '*', operator: 'icontains', value: 'bot' } },
      { field: 'payload.ua', operator: 'icontains', value: 'moz' },
    ]);
    expect(h.ranges('Mozilla bot', 'payload.ua')).toEqual([[0, 3]]);
    expect(h.ranges('Mozilla bot', 'payload["ua"]')).toEqual([[0, 3]]);
    expect(h.ranges('Mozilla bot', 'payload.other')).toEqual([]);
  });

  it('runs regular expressions with RE2 meaning', () => {
    const h = highlighter(where('/\\d+ms|a.c/'));
    expect(h.ranges('took 35ms; A\nc; abc', 'm')).toEqual([
      [5, 9],
      [16, 19],
    ]);
  });
});
