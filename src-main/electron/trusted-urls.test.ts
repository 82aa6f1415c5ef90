import { describe, expect, it } from 'vitest';
import { appEntryUrl, appOrigin, isAppUrl, isExternalWebUrl } from './trusted-urls';

describe('trusted URLs', () => {
  it('knows the app origin exactly', () => {
    expect(isAppUrl(appEntryUrl, appOrigin)).toBe(true);
    expect(isAppUrl(`${appOrigin}/assets/x.js`, appOrigin)).toBe(true);
    for (const url of [
      'eventlens://app.evil/',
      'eventlens://evil/',
      'eventlens://app:81/',
      'https://app/',
      'file:///index.html',
      'not a url',
      undefined,
    ]) {
      expect(isAppUrl(url, appOrigin), String(url)).toBe(false);
    }
    // The dev server's origin works the same way.
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('opens only http(s) links externally', () => {
    expect(isExternalWebUrl('https://example.com/a?b')).toBe(true);
    expect(isExternalWebUrl('http://example.com/')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'mailto:a@b.c',
      'eventlens://app/',
      '//example.com',
      '',
    ]) {
      expect(isExternalWebUrl(url), url).toBe(false);
    }
  });
});
