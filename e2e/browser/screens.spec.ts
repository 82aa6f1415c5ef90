import type { Page } from '@playwright/test';
import path from 'node:path';
import { expect, test } from '../fixtures';
import type { AppPage } from '../pages/app-page';
import { seedShop } from '../support/seed';

/**
 * Screenshots of each main state at 1280×800, light and dark, for people to look at (written
 * to test-results/screens, which git ignores). Each also checks the state is the one intended.
 */
const shots = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');

async function both(page: Page, name: string, check: () => Promise<void>) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await check();
    await page.screenshot({ path: path.join(shots, `${name}-${scheme}.png`) });
  }
}

async function openShop(app: AppPage) {
  await app.openInstance('shop');
}

test.describe('screens', () => {
  test('first run', async ({ app, page }) => {
    await app.open();
    await both(page, '01-first-run', () => expect(app.firstRun).toBeVisible());
  });

  test('instance: table, stream tree and stats', async ({ app, page, dbFile }) => {
    seedShop(dbFile, { count: 3_000 });
    await openShop(app);
    await both(page, '02-instance', () => expect(page.getByTestId('instance-stats')).toBeVisible());
  });

  test('stream view and event detail', async ({ app, page, dbFile }) => {
    seedShop(dbFile, { count: 3_000 });
    await openShop(app);
    await app.streams.first().click();
    await app.waitForRows();
    await app.row(2).click();
    await app.page.keyboard.press('Enter');
    await both(page, '03-stream-detail', () => expect(app.detail).toBeVisible());
  });

  test('filtered, empty and error states', async ({ app, page, dbFile }) => {
    seedShop(dbFile, { count: 500 });
    await openShop(app);
    await app.filter.fill('no such text anywhere');
    await app.filter.press('Enter');
    await both(page, '04-empty', () => expect(page.getByTestId('table-empty')).toBeVisible());
    await page.getByTestId('clear-filters').click();
    await app.filter.fill('payload.amount:"x"');
    await app.filter.press('Enter');
    // A search the box cannot send: an invalid regular expression, named in place.
    await app.filter.fill('/bad(regex/');
    await app.filter.press('Enter');
    await both(page, '05-filter-problem', () =>
      expect(page.locator('.quick-filter .field-error')).toBeVisible(),
    );
  });

  test('dialogs: append, palette, help, delete', async ({ app, page, dbFile }) => {
    seedShop(dbFile, { count: 500 });
    await openShop(app);
    await page.getByTestId('open-append').click();
    await both(page, '06-append', () => expect(page.getByTestId('append-dialog')).toBeVisible());
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await both(page, '07-palette', () => expect(page.getByTestId('palette-input')).toBeVisible());
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await both(page, '08-help', () => expect(page.getByTestId('help-overlay')).toBeVisible());
    await page.keyboard.press('Escape');
    await app.instanceAction('shop', 'delete-instance');
    await both(page, '09-delete', () => expect(page.getByTestId('delete-message')).toBeVisible());
  });
});
