import { describe, expect, it } from 'vitest';
import { parseSearchText } from '../../../src-shared/search/search-text';
import { describeCondition } from './describe-condition';

const chips = (text: string, options = {}) => {
  const parsed = parseSearchText(text, options);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.where.map((node) => describeCondition(node));
};
const chipTexts = (text: string) => {
  const parsed = parseSearchText(text, {});
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.where.map((node) => describeCondition(node, 'chip'));
};

describe('the chips of the search box', () => {
  it('say what each part of the search does', () => {
    expect(
      chips('Googlebot "served from cache" -bot -/^GET / status:404 -level:WARN x!=true'),
    ).toEqual([
      'any field contains "Googlebot"',
      'any field contains "served from cache"',
      'not any field contains "bot"',
      'not any field matches /^GET /',
      'payload.status = 404',
      'payload.level ≠ "WARN"',
      'payload.x ≠ true',
    ]);
  });

  it('show searched words first, as typed, where a narrow chip is cut', () => {
    expect(chipTexts('Googlebot "served from cache" -bot -/^GET / status:404')).toEqual([
      '"Googlebot"',
      '"served from cache"',
      'not "bot"',
      'not /^GET /',
      'payload.status = 404',
    ]);
  });

  it('say whether a field is the event’s own or one in its payload', () => {
    expect(chips('type:PushEvent payload.type:PushEvent -stream:web-1')).toEqual([
      'event_type = "PushEvent"',
      'payload.type = "PushEvent"',
      'stream_id ≠ "web-1"',
    ]);
  });

  it('name the exact-case forms and regex mode', () => {
    expect(chips('Bot /a+b/', { caseSensitive: true })).toEqual([
      'any field contains "Bot" (match case)',
      'any field matches /a+b/ (match case)',
    ]);
    expect(chips('a.c', { regex: true })).toEqual(['any field matches /a.c/']);
  });

  it('say that a pasted id also finds the event by its id', () => {
    const id = '0a1b2c3d-4e5f-8a6b-8c7d-0000000000ff';
    expect(chips(id)).toEqual([`any field contains "${id}" or id = "${id}"`]);
  });

  it('describe what the builder and the detail pane add', () => {
    expect(describeCondition({ field: 'a', operator: 'neq', value: 1 })).toBe('a ≠ 1');
    expect(describeCondition({ field: 'payload.ua', operator: 'icontains', value: 'moz' })).toBe(
      'payload.ua contains (any case) "moz"',
    );
    expect(describeCondition({ field: 'payload.path', operator: 'matches', value: '^/a' })).toBe(
      'payload.path matches /^/a/',
    );
    expect(
      describeCondition({
        not: {
          or: [
            { field: 'a', operator: 'eq', value: 1 },
            { field: 'b', operator: 'exists', value: true },
          ],
        },
      }),
    ).toBe('not (a = 1 or b exists true)');
  });
});
