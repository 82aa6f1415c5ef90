import type { Page } from '@playwright/test';
import fs from 'node:fs';
import type { GroupedAggregation } from '../../src-shared/contract/records';
import { byType, expect, ordersPerCurrency, test } from '../query-fixtures';

test.describe.configure({ timeout: 120_000 });

/** Saves the chart through its menu and returns the downloaded file's name and bytes. */
async function saveChart(page: Page, format: 'svg' | 'png') {
  await page.getByTestId('chart-export').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`chart-export-${format}`).click(),
  ]);
  const file = await download.path();
  // Kept beside the test's other output (test-results/, ignored), to be looked at.
  await download.saveAs(test.info().outputPath(download.suggestedFilename()));
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

/** What the browser's own XML parser finds in the SVG (Node has no DOM). */
async function inspectSvg(page: Page, text: string) {
  return page.evaluate((svgText) => {
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.nodeName,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
      bars: [...doc.querySelectorAll('[data-label][data-value]')].map((e) => [
        e.getAttribute('data-label'),
        Number(e.getAttribute('data-value')),
        e.getAttribute('style')?.match(/fill:\s*([^;]+)/u)?.[1] ?? null,
      ]),
      points: [...doc.querySelectorAll('circle[data-series]')].map(
        (e) => `${e.getAttribute('data-series')} ${e.getAttribute('data-t')}`,
      ),
      legend: [...doc.querySelectorAll('[data-role="legend-item"] text')].map((t) => t.textContent),
      // Nothing may depend on the page's stylesheets or variables.
      usesVariables: svgText.includes('var(--'),
    };
  }, text);
}

/** Width and height from a PNG's IHDR chunk, after checking the 8-byte signature. */
function pngSize(bytes: Buffer) {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test.describe('chart images', () => {
  test('bars as SVG (every bar, title, axes, theme colours inlined) and as PNG at 2x', async ({
    query,
    page,
  }) => {
    await query.open('shop', { builder: false });
    await page.getByTestId('toggle-builder').click();
    await query.setJson(JSON.stringify(byType));
    await page.getByTestId('view-chart').click();
    const answer = await query.queryEvents({ ...byType, limit: 100 });
    const groups = (answer.aggregation as GroupedAggregation).groups;
    await expect(query.chart.getByTestId('chart-bar')).toHaveCount(groups.length);

    const svg = await saveChart(page, 'svg');
    expect(svg.name).toBe('events by event_type.svg');
    const seen = await inspectSvg(page, svg.bytes.toString('utf8'));
    expect(seen.error).toBeNull();
    expect(seen.root).toBe('svg');
    expect(seen.usesVariables).toBe(false);
    expect(seen.bars.map(([label, value]) => [label, value])).toEqual(
      groups.map((g) => [g.key.event_type, g.value]),
    );
    // The bars keep the theme's colour as a concrete value.
    for (const [, , fill] of seen.bars) expect(fill).toMatch(/^rgb\(/u);
    expect(seen.texts).toContain('events by event_type');
    // The subtitle names the instance as people know it, and the counts.
    expect(seen.texts).toContain(
      `shop · ${groups.length} of ${groups.length} groups · ${answer.total.toLocaleString('en-US')} events`,
    );
    // Axis labels: every category is named.
    for (const g of groups) expect(seen.texts).toContain(g.key.event_type as string);
    const onScreen = await query.chart
      .locator('.recharts-surface')
      .first()
      .evaluate((e) => e.getBoundingClientRect().width);
    expect(seen.width).toBeGreaterThanOrEqual(Math.round(onScreen));

    const png = await saveChart(page, 'png');
    expect(png.name).toBe('events by event_type.png');
    const size = pngSize(png.bytes);
    expect(size.width).toBe(seen.width * 2);
    expect(size.height).toBe(seen.height * 2);
  });

  test('a time series with a legend: every point and series in the SVG, in dark mode too', async ({
    query,
    page,
  }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await query.open('shop', { builder: false });
    const perDay = ordersPerCurrency('1d', { type: 'count' });
    await page.getByTestId('toggle-builder').click();
    await query.setJson(JSON.stringify(perDay));
    await page.getByTestId('view-chart').click();
    const answer = await query.queryEvents(perDay);
    const groups = (answer.aggregation as GroupedAggregation).groups;
    await expect(query.chart.getByTestId('chart-point')).toHaveCount(groups.length);

    const svg = await saveChart(page, 'svg');
    const seen = await inspectSvg(page, svg.bytes.toString('utf8'));
    expect(seen.error).toBeNull();
    expect(seen.points.sort()).toEqual(
      groups
        .map(
          (g) => `${g.key['payload.currency'] as string} ${Date.parse(g.key.timestamp as string)}`,
        )
        .sort(),
    );
    const currencies = [...new Set(groups.map((g) => g.key['payload.currency'] as string))];
    expect([...seen.legend].sort()).toEqual(currencies.sort());
    // Dark mode: the file's background is the dark panel, not white.
    const background = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return doc.querySelector('[data-role="background"]')?.getAttribute('fill') ?? '';
    }, svg.bytes.toString('utf8'));
    const rgb = await page.evaluate((c) => {
      const el = document.createElement('div');
      el.style.color = c;
      document.body.append(el);
      const value = getComputedStyle(el).color;
      el.remove();
      return value.match(/\d+/gu)!.slice(0, 3).map(Number);
    }, background);
    expect(Math.max(...rgb)).toBeLessThan(80);

    const png = await saveChart(page, 'png');
    const size = pngSize(png.bytes);
    expect(size).toEqual({ width: seen.width * 2, height: seen.height * 2 });
  });
});
