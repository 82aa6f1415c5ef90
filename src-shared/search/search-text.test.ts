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
      { field: 'status', operator: 'eq', value: 404 },
      { not: { field: 'level', operator: 'eq', value: 'WARN' } },
      { not: { field: 'x', operator: 'eq', value: true } },
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
      { kind: 'field', source: 'user.id:7', text: 'user.id', negated: false, at: 10 },
    ]);
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
    const w = where('Googlebot "a b" -/x+/ status:404 -level:WARN');
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
