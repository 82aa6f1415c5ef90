import { describe, expect, it } from 'vitest';
import { fitText, type Measure } from './fit-text';

/** A monospaced font of 7 px per character, two for wide (CJK, emoji) ones. */
const mono: Measure = (text) => {
  let columns = 0;
  for (const ch of text) columns += /[\u3000-\u9fff\u{1f300}-\u{1faff}]/u.test(ch) ? 2 : 1;
  return columns * 7;
};

describe('fitText', () => {
  it('leaves text that fits as it is', () => {
    expect(fitText('order-1', 49, mono)).toBe('order-1');
    expect(fitText('', 0, mono)).toBe('');
  });

  it('cuts text that does not fit and ends it with an ellipsis, within the width', () => {
    const fitted = fitText('order-123456789', 70, mono);
    expect(fitted).toBe('order-123…');
    expect(mono(fitted)).toBeLessThanOrEqual(70);
    // One character more would not have fitted.
    expect(mono('order-1234…')).toBeGreaterThan(70);
  });

  it('drops spaces before the ellipsis', () => {
    expect(fitText('paid for order 17', 70, mono)).toBe('paid for…');
  });

  it('counts wide characters at their width and never splits a surrogate pair', () => {
    expect(fitText('注文が支払われました', 49, mono)).toBe('注文が…');
    const emoji = fitText('a😀😀😀😀😀', 35, mono);
    expect(emoji).toBe('a😀…');
    expect(mono(emoji)).toBeLessThanOrEqual(35);
    for (const width of [7, 14, 21, 28, 42]) {
      const fitted = fitText('😀😀😀😀😀', width, mono);
      expect(fitted).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/u);
      expect(mono(fitted)).toBeLessThanOrEqual(width);
    }
  });

  it('fits ASCII by arithmetic in a monospaced font, as measuring would', () => {
    const arithmetic: Measure = Object.assign((text: string) => mono(text), { charWidth: 7 });
    const texts = ['order-123456789', 'paid for order 17', 'a b', '', 'x'.repeat(200)];
    for (const text of texts)
      for (let width = 0; width <= 120; width += 3)
        expect(fitText(text, width, arithmetic)).toBe(fitText(text, width, mono));
    // Other text is measured.
    expect(fitText('注文が支払われました', 49, arithmetic)).toBe('注文が…');
  });

  it('gives nothing when not even the ellipsis fits', () => {
    expect(fitText('order-1', 6, mono)).toBe('');
    expect(fitText('order-1', 7, mono)).toBe('…');
  });
});
