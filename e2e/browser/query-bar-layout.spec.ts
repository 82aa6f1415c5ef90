import type { Page } from '@playwright/test';
import { expect, test } from '../dataset-fixtures';

/**
 * The query bar holds its lines at 1024×700 and 1280×800, light and dark (issue 19): adding a
 * dragged time range's conditions never adds a line — the search box stays one line, chips
 * that do not fit collapse into "+N", which lists them all — and nothing in the bar is cut
 * without a tooltip that says it whole. At 1280 the bar is two lines: time range and Run, then
 * the search box and the tools.
 */

interface Box {
  what: string;
  top: number;
  bottom: number;
  cut: boolean;
  titled: boolean;
}

/** Every visible control and chip of the query bar region, with its box. */
function barBoxes(page: Page): Promise<Box[]> {
  return page.locator('[data-region="query-bar"]').evaluate((bar) =>
    [...bar.querySelectorAll<HTMLElement>('button, input, [data-testid="condition-chip"]')]
      .filter((el) => el.getClientRects().length > 0 && el.offsetWidth > 0)
      .filter((el) => !el.closest('[data-testid="condition-chip"]') || el.matches('.chip'))
      .map((el) => {
        const r = el.getBoundingClientRect();
        const text = el.querySelector<HTMLElement>('.mono, [data-testid="time-range-label"]');
        return {
          what: el.dataset.testid ?? el.getAttribute('aria-label') ?? el.textContent ?? '',
          top: r.top,
          bottom: r.bottom,
          cut: text !== null && text.scrollWidth > text.clientWidth + 1,
          titled: (text?.closest('[title]') ?? null) !== null,
        };
      }),
  );
}

/** Boxes that overlap vertically are on one line. */
function lines(boxes: Box[]): Box[][] {
  const sorted = [...boxes].sort((a, b) => a.top - b.top);
  const out: Box[][] = [];
  for (const box of sorted) {
    const line = out.at(-1);
    if (line && box.top < Math.min(...line.map((b) => b.bottom)) - 2) line.push(box);
    else out.push([box]);
  }
  return out;
}

test('adding conditions adds no line to the query bar; chips collapse to +N', async ({
  real,
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  await real.open('gharchive', { builder: false });
  await real.dragHistogram(0.3, 0.5);
  const sizes = [
    { width: 1024, height: 700 },
    { width: 1280, height: 800 },
  ];
  const linesBefore: number[] = [];
  for (const size of sizes) {
    await page.setViewportSize(size);
    // Laid out at the new size: the window has it and two frames have been drawn since.
    await page.waitForFunction((w) => window.innerWidth === w, size.width);
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    linesBefore.push(lines(await barBoxes(page)).length);
  }
  expect(linesBefore[1], 'lines at 1280 without conditions').toBe(2);
  await page.setViewportSize(sizes[0]!);
  const conditions = ['type:PushEvent', 'payload.ref_type:branch', '-actor'];
  for (const c of conditions) {
    await page.getByTestId('filter-input').fill(c);
    await page.getByTestId('filter-input').press('Enter');
  }
  await real.settled();

  for (const [i, size] of sizes.entries()) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const at = `${size.width}×${size.height} ${scheme}`;
      await expect
        .poll(async () => lines(await barBoxes(page)).map((l) => l.map((b) => b.what)), {
          message: `the query bar's lines at ${at}`,
        })
        .toHaveLength(linesBefore[i]!);
      const all = lines(await barBoxes(page));
      // The search box is one line: its chips, +N, the input, its toggles and Clear.
      const filterLine = all.find((l) => l.some((b) => b.what === 'filter-input'))!;
      expect(
        filterLine.map((b) => b.what),
        at,
      ).toEqual(expect.arrayContaining(['condition-chip', 'clear-filters', 'search-regex']));
      for (const b of all.flat())
        expect(b.cut && !b.titled, `"${b.what}" cut without a tooltip at ${at}`).toBe(false);
      // Nothing in the search box is clipped by its edge; the input keeps room to type.
      const box = (await page.locator('.quick-filter-box').boundingBox())!;
      for (const id of ['clear-filters', 'search-regex', 'search-match-case', 'filter-input']) {
        const part = (await page.getByTestId(id).boundingBox())!;
        expect(part.x + part.width, `${id} inside the search box at ${at}`).toBeLessThanOrEqual(
          box.x + box.width,
        );
      }
      expect((await page.getByTestId('filter-input').boundingBox())!.width).toBeGreaterThan(45);
      // Every condition is there: shown as a chip, or counted in +N.
      const shown = await page.getByTestId('condition-chip').count();
      const more = page.getByTestId('more-conditions');
      const hidden = (await more.isVisible()) ? Number(await more.getAttribute('data-count')) : 0;
      expect(shown + hidden, at).toBe(conditions.length);
      expect(shown, at).toBeGreaterThanOrEqual(1);
      await page.screenshot({
        path: test.info().outputPath(`query-bar-${size.width}-${scheme}.png`),
      });
    }
  }

  // At 1024 the chips that do not fit are behind +N, which lists (and removes) every condition.
  await page.setViewportSize(sizes[0]!);
  const more = page.getByTestId('more-conditions');
  await expect(more).toBeVisible();
  await more.click();
  const listed = page.getByTestId('more-conditions-list').getByTestId('listed-condition');
  await expect(listed).toHaveCount(conditions.length);
  await expect(listed.last()).toContainText('not "actor"');
  await listed.last().getByTestId('remove-condition').click();
  await expect(listed).toHaveCount(conditions.length - 1);
  await page.keyboard.press('Escape');
});

test('a searched word shows whole on its chip at 1024 wide', async ({ real, page }) => {
  // A newcomer's defect: the chip read "any field contains …", the word itself cut away.
  await page.setViewportSize({ width: 1024, height: 700 });
  await real.open('apache', { builder: false });
  await page.getByTestId('filter-input').fill('googlebot');
  await page.getByTestId('filter-input').press('Enter');
  const chip = page.getByTestId('condition-chip').locator('.mono');
  await expect(chip).toHaveText('"googlebot"');
  await expect(chip).toHaveAttribute('title', 'any field contains "googlebot"');
  const cut = await chip.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  expect(cut, 'the chip is cut').toBe(false);
});

test('the search box hint is whole at every width, the longest that fits', async ({
  real,
  page,
}) => {
  // A newcomer's screenshot at 1024: 'Search every field: words, "a phrase", ' and then the
  // box's edge, the rest of the hint under the Aa and .* toggles.
  const hintFits = () =>
    page.getByTestId('filter-input').evaluate((el) => {
      const input = el as HTMLInputElement;
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = style.font;
      const room =
        input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return {
        hint: input.placeholder,
        fits: context.measureText(input.placeholder).width <= room,
      };
    });
  await page.setViewportSize({ width: 1024, height: 700 });
  await real.open('apache', { builder: false });
  const hints: string[] = [];
  for (const width of [1024, 1280, 1600, 1920]) {
    await page.setViewportSize({ width, height: 800 });
    await expect.poll(async () => (await hintFits()).fits, { message: `at ${width}` }).toBe(true);
    hints.push((await hintFits()).hint);
  }
  // Wider, a longer hint (the longest that fits), never a cut one; the whole is its tooltip.
  expect(hints.at(-1)!.length).toBeGreaterThan(hints[0]!.length);
  await expect(page.getByTestId('filter-input')).toHaveAttribute(
    'title',
    /words, "a phrase", -exclude, \/regex\/, field:value/u,
  );
  await page.getByTestId('search-regex').click();
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect.poll(async () => (await hintFits()).fits).toBe(true);
  expect((await hintFits()).hint).toMatch(/regular expression|Regex/iu);
});
