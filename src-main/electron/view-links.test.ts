import { describe, expect, it } from 'vitest';
import { appEntryUrl } from './trusted-urls';
import { appUrlForLink, linkInArgv } from './view-links';

describe('eventlens:// view links', () => {
  it('opens a view link as the app entry with its fragment', () => {
    const fragment = '#instance=web&stream=u-1&range=1h%40data&tab=chart&chart=pie';
    for (const link of [
      `eventlens://app/index.html${fragment}`,
      `eventlens://app/${fragment}`,
      `eventlens://app${fragment}`,
    ]) {
      expect(appUrlForLink(link, appEntryUrl), link).toEqual({
        ok: true,
        url: `${appEntryUrl}${fragment}`,
      });
    }
    // No view: just the app.
    expect(appUrlForLink('eventlens://app/', appEntryUrl)).toEqual({ ok: true, url: appEntryUrl });
  });

  it('refuses what is not a view of this app, saying why', () => {
    const refused: [string, RegExp][] = [
      ['not a url', /not a link/u],
      ['https://app/#instance=x', /not an eventlens:\/\/ link/u],
      ['eventlens://evil/#instance=x', /does not name a view/u],
      ['eventlens://app/assets/x.js#instance=x', /does not name a view/u],
      ['eventlens://app/?token=abc#instance=x', /does not name a view/u],
      ['eventlens://app/#stream=x', /names no instance/u],
      ['eventlens://app/#instance=x&q=%7Bnope', /not JSON/u],
      [
        'eventlens://app/#instance=x&q=' +
          encodeURIComponent('{"where":[{"field":"a","operator":"like","value":1}]}'),
        /where\[0\]/u,
      ],
      ['eventlens://app/#instance=x&range=yesterday', /range/u],
      ['eventlens://app/#instance=x&evil=1', /unknown part "evil"/u],
      [`eventlens://app/#instance=${'x'.repeat(70_000)}`, /too long/u],
    ];
    for (const [link, why] of refused) {
      const target = appUrlForLink(link, appEntryUrl);
      expect(target.ok, link.slice(0, 80)).toBe(false);
      if (!target.ok) expect(target.error).toMatch(why);
    }
  });

  it('finds the link among the arguments of a start', () => {
    expect(
      linkInArgv(['/opt/Eventlens/eventlens', '--no-sandbox', 'eventlens://app/#instance=a']),
    ).toBe('eventlens://app/#instance=a');
    expect(linkInArgv(['/opt/Eventlens/eventlens', '--db', 'x.db'])).toBeNull();
  });
});
