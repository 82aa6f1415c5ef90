import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { dataset } from '../support/datasets';
import { seedShop, withEngine } from '../support/seed';

/**
 * The first hour of a real user (issue 19): the defects a newcomer met on the way, each as it
 * was met, on the real datasets where it matters.
 */

const gh = dataset('gharchive', '2021-07-21-few-hours.json');
const apache = dataset('elastic-apache-access', 'apache_logs');

/** How far each part of `selector`'s box is outside its parent's box, or the text overflows. */
function overflows(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => ({
    text: el.scrollWidth - el.clientWidth,
    width: el.getBoundingClientRect().width,
  }));
}

test.describe('the first hour (issue 19)', () => {
  test.setTimeout(180_000);

  test('1: a wheel turn over the histogram never scrolls the query bar away', async ({
    page,
    query,
  }) => {
    await query.openShop({ builder: false });
    const bar = page.getByTestId('query-bar');
    const before = (await bar.boundingBox())!;
    // Nothing in the centre column is taller than the column (the hidden data table was 1,731 px).
    const overflow = await page
      .locator('[data-region="center"]')
      .evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(overflow).toBeLessThanOrEqual(0);
    const plot = (await query.histogram.boundingBox())!;
    await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
    await page.mouse.wheel(0, 600);
    await page.getByTestId('event-row').first().click();
    await page.mouse.wheel(0, 600);
    await expect(page.getByTestId('event-detail')).toBeVisible();
    const scrolled = await page
      .locator('.pane-center, [data-region="center"]')
      .evaluateAll((els) => els.map((el) => el.scrollTop));
    expect(scrolled.every((top) => top === 0)).toBe(true);
    expect((await bar.boundingBox())!.y).toBe(before.y);
  });

  test('2: Cancel in the import dialog forgets the chosen files', async ({ app, dbFile, imp }) => {
    seedShop(dbFile);
    await app.open();
    await imp.openDialog();
    await imp.addFiles([gh]);
    await imp.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(imp.dialog).toBeHidden();
    await imp.openDialog();
    await expect(imp.fileList).toBeHidden();
    await imp.addFiles([apache]);
    await imp.toMapping();
    await expect(imp.start).toHaveText('Import file');
  });

  test('3, 4: an import goes into the instance just created and selected; "Open in table" names it', async ({
    page,
    app,
    imp,
  }) => {
    await app.open();
    await app.createInstance('web');
    await expect(app.instance('web')).toBeVisible();
    await imp.mapFiles([apache]);
    await expect(imp.instance).toHaveValue('web');
    await expect(page.getByTestId('import-instance-badge')).toHaveText(
      'existing: events are added',
    );
    await imp.previewSettled();
    await imp.runToDone();
    expect(await imp.instanceNames()).toEqual(['web']);
    expect(await imp.count('web')).toBe(await imp.importedCount());
    await page.getByTestId('import-open-table').click();
    await expect(page.getByTestId('toast')).toHaveText('Showing web');
  });

  test('5: the import summary names files by their names and groups thousands', async ({
    app,
    imp,
  }) => {
    await app.open();
    await imp.openDialog();
    // Zeek's DNS log has thousands of out-of-order records: the summary's notes count them.
    await imp.addFiles([dataset('zeek-wrccdc', 'dns.json.gz')]);
    await imp.toMapping();
    await imp.setMapping({ instance: 'dns' });
    await imp.runToDone();
    const text = await imp.summary.innerText();
    expect(text).toContain('dns.json.gz');
    expect(text).not.toMatch(/eventlens-uploads|\/tmp\//u);
    // Every count of 1,000 or more is grouped (no "11381").
    expect(text).not.toMatch(/(?<![\d.,:])\d{4,}(?![\d.,:])/u);
  });

  test('7: with a dragged time range and two conditions the query bar keeps its parts whole', async ({
    page,
    query,
  }) => {
    await query.openShop({ builder: false });
    // An absolute range from a drag across the histogram (the widest label the bar shows).
    await query.dragHistogram(0.3, 0.5);
    for (const condition of ['-event_type:nothing', 'stream_id:none-such']) {
      await page.getByTestId('filter-input').fill(condition);
      await page.getByTestId('filter-input').press('Enter');
    }
    await expect(page.getByTestId('condition-chip')).toHaveCount(2);
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      const box = (await page.locator('.quick-filter-box').boundingBox())!;
      expect(box.width, `filter box at ${size.width}`).toBeGreaterThanOrEqual(300);
      const input = (await page.getByTestId('filter-input').boundingBox())!;
      const clear = (await page.getByTestId('clear-filters').boundingBox())!;
      expect(Math.abs(clear.y + clear.height / 2 - (input.y + input.height / 2))).toBeLessThan(6);
      expect(
        (await overflows(page, '[data-testid="time-range-label"]')).text,
        `time range label at ${size.width}`,
      ).toBeLessThanOrEqual(0);
    }
  });

  test('the centre column never scrolls sideways: a stream, the builder open, 1280 and 1024 wide', async ({
    page,
    query,
  }) => {
    await query.openShop();
    // A stream adds "Newest first" to the table's toolbar, its widest state.
    await page.getByTestId('stream-item').first().click();
    await expect(page.getByTestId('newest-first')).toBeVisible();
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      const sideways = await page
        .locator('[data-region="center"]')
        .evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(sideways, `centre overflow at ${size.width}`).toBeLessThanOrEqual(0);
    }
  });

  test('at 1024 wide the selected instance keeps its name and the detail pane its buttons', async ({
    page,
    query,
    dbFile,
  }) => {
    seedShop(dbFile, { instance: 'apache', count: 9_999 });
    await page.setViewportSize({ width: 1024, height: 700 });
    await query.open('apache');
    await page.getByTestId('event-row').nth(3).click();
    await expect(page.getByTestId('event-detail')).toBeVisible();
    // Before: the edit and delete buttons always showed beside the selected instance ("apac…").
    const name = page.locator('.instance-item.selected .instance-name');
    await expect(name).toHaveText('apache');
    expect((await overflows(page, '.instance-item.selected .instance-name')).text).toBe(0);
    // …and "Bookmark…" ran past the detail pane's edge.
    const pane = (await page.getByTestId('event-detail').boundingBox())!;
    for (const id of ['show-in-stream', 'show-around', 'detail-bookmark']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x + box.width, id).toBeLessThanOrEqual(pane.x + pane.width);
    }
    // The payload summary, the column that says what happened, keeps 25% of the table's pane:
    // the stream and type columns give up width for it (it was 50 px, mostly past the edge).
    const table = (await page.getByTestId('event-table').boundingBox())!;
    const summary = (await page.getByRole('columnheader', { name: 'Payload' }).boundingBox())!;
    expect(summary.width).toBeGreaterThanOrEqual(Math.floor(table.width * 0.25) - 10);
    expect(summary.x + summary.width).toBeLessThanOrEqual(table.x + table.width + 1);
    // "Around this event": its bar wraps rather than pushing "Back to the results" out of sight.
    await page.getByTestId('show-around').click();
    await expect(page.getByTestId('context-bar')).toBeVisible();
    const centre = (await page.locator('[data-region="center"]').boundingBox())!;
    const back = (await page.getByTestId('context-back').boundingBox())!;
    expect(back.x + back.width).toBeLessThanOrEqual(centre.x + centre.width);
  });

  test('8: the first screen: labels inside their buttons, buttons apart, a theme toggle', async ({
    page,
    app,
  }) => {
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      await app.open();
      await expect(app.firstRun).toBeVisible();
      for (const id of ['load-demo', 'first-run-import', 'first-run-follow', 'first-run-create']) {
        expect((await overflows(page, `[data-testid="${id}"]`)).text).toBeLessThanOrEqual(0);
      }
      const demo = (await page.getByTestId('load-demo').boundingBox())!;
      const imp = (await page.getByTestId('first-run-import').boundingBox())!;
      expect(imp.y - (demo.y + demo.height)).toBeGreaterThanOrEqual(6);
      const toggle = page.getByTestId('theme-toggle');
      await expect(toggle).toBeVisible();
      const before = await page.locator('html').getAttribute('data-theme');
      await toggle.click();
      await expect(page.locator('html')).not.toHaveAttribute('data-theme', before ?? '');
    }
  });

  test('9: choosing a stream does not leave another stream’s event in the detail pane', async ({
    page,
    query,
  }) => {
    await query.openShop({ builder: false });
    await page.getByTestId('event-row').first().click();
    const detail = page.getByTestId('event-detail');
    await expect(detail).toBeVisible();
    const shown = await detail.getAttribute('data-event-id');
    const found = await query.queryEvents({
      from: { instance: 'shop' },
      where: [{ field: 'id', operator: 'eq', value: shown! }],
    });
    const streamOfShown = (found.events![0] as { stream_id: string }).stream_id;
    const other = page.locator(`[data-testid="stream-item"]:not([data-stream="${streamOfShown}"])`);
    await other.first().click();
    await expect(query.table).toHaveAttribute('data-status', 'ready');
    await expect(
      page.locator(`[data-testid="event-detail"][data-event-id="${shown}"]`),
    ).toHaveCount(0);
  });

  test('11: after "Import more files" the mapping step shows only the new file', async ({
    page,
    app,
    imp,
  }) => {
    await app.open();
    await imp.mapFiles([gh]);
    await imp.setMapping({ instance: 'gh' });
    await imp.runToDone();
    await page.getByTestId('import-again').click();
    await imp.addFiles([apache]);
    // Everything the mapping step ever shows, from its first frame on.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenMapping: string[] }).seenMapping = seen;
      const record = () => {
        const step = document.querySelector('[data-testid="import-mapping"]');
        if (!step) return;
        const format = step.querySelector<HTMLSelectElement>('[data-testid="import-format"]');
        seen.push(
          `${format?.selectedOptions[0]?.textContent ?? ''} | ${
            step.querySelector('[data-testid="import-preview"]')?.textContent ?? ''
          }`,
        );
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    await imp.toMapping();
    await imp.previewSettled();
    await expect(imp.previewRows.first()).toContainText('GET');
    const seen = await page.evaluate(
      () => (window as unknown as { seenMapping: string[] }).seenMapping,
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => /NDJSON|PushEvent|CreateEvent/u.test(s))).toEqual([]);
  });

  test('12: an instance’s stats do not pass the database file off as its size; one unit system', async ({
    page,
    app,
    dbFile,
    imp,
  }) => {
    seedShop(dbFile);
    withEngine(dbFile, (engine) => engine.createInstance('small'));
    await app.open();
    await app.selectInstance('small');
    const size = page.getByTestId('stats-size');
    await expect(size).toBeVisible();
    const label = await size.evaluate((dd) => dd.previousElementSibling?.textContent ?? '');
    expect(label).not.toMatch(/size on disk/iu);
    await expect(size).toContainText('all instances');
    await expect(size).toHaveText(/\d (B|KiB|MiB|GiB)\b/u);
    // The import dialog's file sizes use the same units (binary, KiB and MiB).
    await imp.openDialog();
    await imp.addFiles([apache]);
    await expect(imp.fileList).toHaveText(/\d MiB/u);
  });

  test('15: stream counts in words; an empty instance points at Import…', async ({
    page,
    app,
    query,
  }) => {
    await query.openShop({ builder: false, alsoSeed: (engine) => engine.createInstance('empty') });
    // A filter that matches one stream: "1 matching stream", on one line.
    const first = await page.getByTestId('stream-item').first().getAttribute('data-stream');
    await page.getByTestId('stream-filter').fill(first!);
    await expect(page.getByTestId('stream-total')).toHaveText('1 matching stream');
    const all = page.getByTestId('stream-all');
    const lineHeight = await all.evaluate(
      (el) => parseFloat(getComputedStyle(el).lineHeight) || 20,
    );
    expect((await all.boundingBox())!.height).toBeLessThan(lineHeight * 2);
    await app.selectInstance('empty');
    const empty = page.getByTestId('table-empty');
    await expect(empty).toContainText('Import');
    await expect(empty).not.toContainText('command line');
  });

  test('a search with one hit says "1 event"; the row-colour picker shows its whole label', async ({
    page,
    app,
    query,
  }) => {
    const note = { stream_id: 'note', event_type: 'note', payload: { text: 'quokka' } };
    await query.openShop({
      builder: false,
      alsoSeed: (engine) => engine.append('shop', [note], false),
    });
    // The picker's label: "Colour: auto (none)" was cut to "Colour: auto (nor" at every width.
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      const { text, room } = await page.getByTestId('severity-field').evaluate((el) => {
        const select = el as HTMLSelectElement;
        const style = getComputedStyle(select);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${style.fontSize} ${style.fontFamily}`;
        const label = select.selectedOptions[0]!.text;
        // The room for the label: the box less its padding and the drop-down arrow (~16 px).
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        return { text: ctx.measureText(label).width, room: select.clientWidth - padding - 16 };
      });
      expect(text, `label width at ${size.width}`).toBeLessThanOrEqual(room);
    }
    await app.filter.fill('quokka');
    await app.filter.press('Enter');
    await expect(page.getByTestId('histogram-summary')).toContainText(/^1 event ·/);
  });
});
