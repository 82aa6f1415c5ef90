import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { ExportPage } from '../pages/export-page';
import { seedShop } from '../support/seed';

/**
 * axe-core on the main screens, light and dark (issue 19): no serious or critical violation on
 * the main screen, the builder, the import dialog and the export dialog. The first screen too.
 */

/** The serious and critical violations on the page as "rule: target, target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme}`, () => {
    test.setTimeout(120_000);
    test.use({ colorScheme });

    test('the first screen', async ({ page, app }) => {
      await app.open();
      await expect(app.firstRun).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test('the main screen, the builder, the import and export dialogs', async ({
      page,
      dbFile,
      imp,
      query,
    }) => {
      seedShop(dbFile);
      await query.open('shop', { builder: false });
      await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
      await page.getByTestId('event-row').first().click();
      await expect(page.getByTestId('event-detail')).toBeVisible();
      expect(await seriousViolations(page), 'main screen').toEqual([]);

      await page.getByTestId('toggle-builder').click();
      await expect(query.builder).toBeVisible();
      await expect(query.json).toBeVisible();
      expect(await seriousViolations(page), 'builder').toEqual([]);
      await page.getByTestId('toggle-builder').click();

      await imp.openDialog();
      expect(await seriousViolations(page), 'import dialog').toEqual([]);
      await page.keyboard.press('Escape');
      await expect(imp.dialog).toBeHidden();

      const exp = new ExportPage(page);
      await exp.open();
      expect(await seriousViolations(page), 'export dialog').toEqual([]);
    });
  });
}
