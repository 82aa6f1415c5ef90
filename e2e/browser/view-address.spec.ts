import { expect, test } from '../fixtures';
import { dataset } from '../support/datasets';
import { ViewPage } from '../pages/view-page';

// Issue 19, defect 13: a reload lost everything, and the address carried no view to bookmark or
// share. Real Zeek FTP records (one stream per connection uid).
test.describe('the view lives in the address', () => {
  test.beforeEach(async ({ dbFile }) => {
    await ViewPage.importFiles(dbFile, 'zeek', [dataset('zeek-wrccdc', 'ftp.json')]);
  });

  test('a reload reopens the same view, and Back/Forward step through views', async ({
    page,
    view,
  }) => {
    await view.openOn('zeek');
    const all = await view.total();
    expect(all).toBe(93);

    // Shape a view: a filter, the time range of the data, one event open in the detail pane.
    await page.getByTestId('filter-input').fill('command:PASV');
    await page.getByTestId('filter-input').press('Enter');
    await expect(view.chips).toHaveCount(1);
    const filtered = await view.total();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    await view.openTimePicker();
    await page.getByTestId('time-zoom-data').click();
    await expect(view.timeLabel).toHaveText(
      '2018-03-24 17:15:24.000 → 2018-03-24 17:20:52.999 UTC',
    );
    expect(await view.total()).toBe(filtered);
    await page.getByTestId('event-row').first().click();
    await expect(view.detail).toBeVisible();
    const eventId = view.fragment().get('event');
    expect(eventId).toBeTruthy();

    await page.reload();
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(view.selectedInstance()).toHaveText(/zeek/);
    await expect(view.chips).toHaveCount(1);
    await expect(view.chips.first()).toContainText('PASV');
    await expect(view.timeLabel).toHaveText(
      '2018-03-24 17:15:24.000 → 2018-03-24 17:20:52.999 UTC',
    );
    expect(await view.total()).toBe(filtered);
    await expect(view.detail).toBeVisible();
    await expect(view.detail).toContainText(eventId!);

    // Back: the view before the event was opened is the same (selection replaces), before the
    // zoom the range is all time, before the filter no chip; Forward comes back.
    await page.goBack();
    await expect(view.timeLabel).toHaveText('All time');
    await expect(view.chips).toHaveCount(1);
    await page.goBack();
    await expect(view.chips).toHaveCount(0);
    expect(await view.total()).toBe(all);
    await page.goForward();
    await expect(view.chips).toHaveCount(1);
    expect(await view.total()).toBe(filtered);
  });

  test('without a view in the address, the only instance opens, and Back leads to no empty screen', async ({
    page,
    view,
  }) => {
    // A newcomer's defect: after an import (dialog closed without "Open in table") or a fresh
    // start of `eventlens serve`, the table said "Choose an instance" beside the only one.
    await view.open();
    await expect(view.selectedInstance()).toHaveText(/zeek/);
    expect(await view.total()).toBe(93);
    expect(view.fragment().get('instance')).toBeTruthy();
    // The choice replaced the empty view's history entry instead of pushing one after it:
    // Back leaves the app (to the tab's blank page) rather than showing the empty view.
    await page.goBack();
    expect(page.url()).toBe('about:blank');
  });

  test('a reload scrolls the table back to the event open in the detail pane', async ({
    page,
    view,
  }) => {
    await view.openOn('zeek');
    // An event far below the first screen of rows: selected with the keyboard.
    await page.getByTestId('event-row').first().click();
    for (let i = 0; i < 70; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(view.detail).toBeVisible();
    const eventId = view.fragment().get('event')!;
    const selected = page.locator('[data-testid="event-row"][aria-selected="true"]');
    await expect(selected).toBeInViewport();

    await page.reload();
    await expect(view.detail).toContainText(eventId);
    // Before: the detail pane showed it and the table sat at its top, the row out of sight.
    await expect(selected).toHaveCount(1);
    await expect(selected).toBeInViewport();
  });

  test('"Copy link" opens the same view in another tab, without the token', async ({
    page,
    server,
    context,
    view,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: server.origin,
    });
    await view.openOn('zeek');
    const stream = page.getByTestId('stream-item').nth(2);
    const streamId = (await stream.getAttribute('data-stream'))!;
    await stream.click();
    const inStream = await view.total();
    await page.getByTestId('copy-link').click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).not.toContain('token');
    expect(link).toContain(`stream=${encodeURIComponent(streamId)}`);

    const other = await context.newPage();
    await view.open(link, other);
    await expect(view.selectedInstance(other)).toHaveText(/zeek/);
    await expect(
      other.locator(`[data-testid="stream-item"][data-stream="${streamId}"]`),
    ).toHaveAttribute('aria-current', 'true');
    expect(await view.total(other)).toBe(inStream);
  });

  test('a link to an unknown instance or with a malformed query says why, never a blank screen', async ({
    page,
    server,
    view,
  }) => {
    await view.open();
    const base = new URL(server.url);
    base.search = '';
    await view.open(`${base.toString()}#instance=nowhere&stream=x`);
    await expect(view.linkProblem).toContainText('"nowhere"');
    await expect(page.getByTestId('app-shell')).toBeVisible();
    await expect(
      page.locator('[data-testid="instance-node"][data-instance-name="zeek"]'),
    ).toBeVisible();

    await view.open(
      `${base.toString()}#instance=zeek&q=${encodeURIComponent('{"where":[{"field":"x","operator":"like","value":1}]}')}`,
    );
    await expect(view.linkProblem).toContainText('the query in the link');
    await expect(view.linkProblem).toContainText('where[0]');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(view.linkProblem).toHaveCount(0);
  });
});
