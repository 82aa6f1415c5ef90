import { describe, expect, it } from 'vitest';
import { highlighter } from '../../../src-shared/search/highlight';
import { summarise } from './format';
import { searchSummary } from './search-summary';

const search = (value: string) => highlighter([{ field: '*', operator: 'icontains', value }]);
const ua =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) ' +
  'Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const apache = { method: 'GET', path: '/blog/tags/ipv6', status: 200, agent: ua };

describe('searchSummary', () => {
  it('leads with the matching fields, cut around the match', () => {
    const line = searchSummary(apache, search('googlebot'));
    expect(line.startsWith('agent=…')).toBe(true);
    expect(line.slice(0, 80)).toContain('Googlebot/2.1');
    expect(line).toContain('method=GET path=/blog/tags/ipv6 status=200');
    // The usual summary cuts the agent before the match.
    expect(summarise(apache)).not.toContain('Googlebot');
  });

  it('is the usual summary without a search, or when no top-level string matches', () => {
    expect(searchSummary(apache, highlighter([]))).toBe(summarise(apache));
    expect(searchSummary(apache, search('no such thing'))).toBe(summarise(apache));
  });

  it('keeps a short matching value whole, first', () => {
    expect(searchSummary(apache, search('ipv6'))).toBe(
      `path=/blog/tags/ipv6 ${summarise({ method: 'GET', status: 200, agent: ua })}`,
    );
  });
});
