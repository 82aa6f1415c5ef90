import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import type { AppPage } from '../pages/app-page';

/** `/`, a search typed and Enter: one chip. */
async function searchWithKeys(app: AppPage, page: Page, text: string) {
  await page.keyboard.press('/');
  await expect(app.filter).toBeFocused();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(app.chips).toHaveCount(1);
}

test.describe('keyboard', () => {
  test('arrows move the selection, Enter opens the detail, / focuses the filter, palette, help', async ({
    app,
    page,
  }) => {
    await app.openShop({ count: 300 });
    await page.keyboard.press('g');
    await expect(app.table).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(app.row(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect(app.row(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const id = await app.row(1).getAttribute('data-event-id');
    await expect(app.detail).toHaveAttribute('data-event-id', id!);
    await page.keyboard.press('PageDown');
    await expect(
      page.locator('[data-testid="event-row"][aria-selected="true"]'),
    ).not.toHaveAttribute('data-index', '1');
    await expect(app.detail).not.toHaveAttribute('data-event-id', id!);

    await searchWithKeys(app, page, '-event_type:PageViewed');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('palette-input')).toBeFocused();
    await page.keyboard.type('utc');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('tz-utc')).toHaveAttribute('aria-pressed', 'true');

    await page.keyboard.press('?');
    await expect(page.getByTestId('help-overlay')).toContainText('Command palette');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('help-overlay')).toBeHidden();
  });
});

test.describe('keyboard from the search box', () => {
  test('Esc leaves the search box for the table; j / k move the selection from anywhere', async ({
    app,
    page,
  }) => {
    await app.openShop({ count: 300 });
    await searchWithKeys(app, page, '-event_type:PageViewed');
    // A newcomer's next keys: Esc, then down to an event and Enter. The keyboard was nowhere
    // after Esc, so nothing moved until the table was clicked or g pressed.
    await page.keyboard.press('Escape');
    await expect(app.table).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(app.row(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await expect(app.row(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    const id = await app.row(1).getAttribute('data-event-id');
    await expect(app.detail).toHaveAttribute('data-event-id', id!);
    // The chip stayed: Esc empties only the text being typed.
    await expect(app.chips).toHaveCount(1);

    // With the keyboard outside the table (on the Run button), j steps to the next row and
    // puts the keyboard in the table; typed in the search box, j is a letter.
    await page.getByRole('button', { name: 'Run' }).focus();
    await page.keyboard.press('j');
    await expect(app.row(2)).toHaveAttribute('aria-selected', 'true');
    await expect(app.table).toBeFocused();
    await page.keyboard.press('/');
    await page.keyboard.type('jk');
    await expect(app.filter).toHaveValue('jk');
    await expect(app.row(2)).toHaveAttribute('aria-selected', 'true');
  });
});

test.describe('first run and honest states', () => {
  test('an empty database offers the demo data and loads it with progress', async ({
    app,
    page,
  }) => {
    await app.open();
    await expect(app.firstRun).toBeVisible();
    await page.getByTestId('load-demo').click();
    await expect(page.getByTestId('demo-progress')).toBeVisible();
    await expect(app.instance('demo-shop')).toBeVisible({ timeout: 60_000 });
    expect(await app.waitForRows()).toBe(5_000);
    await expect(page.getByTestId('stream-total')).toHaveAttribute('data-total', '200');
  });

  test('an error shows the envelope message, never a blank panel', async ({
    app,
    page,
    server,
  }) => {
    await app.openShop({ count: 100 });
    expect(await server.stop()).toBe(0);
    await app.streams.first().click();
    const error = page.getByTestId('table-error');
    await expect(error).toContainText('cannot reach the Eventlens server');
    await expect(error.getByTestId('error-message')).not.toBeEmpty();
  });
});
