import type { Page } from '@playwright/test';
import path from 'node:path';
import { expect, test } from '../fixtures';
import { bigNdjson } from '../support/big-file';
import { dataset } from '../support/datasets';
import { seedShop } from '../support/seed';

/**
 * Screenshots of the import dialog at 1280×800, light and dark (test-results/screens, ignored by
 * git): the mapping step with its preview, and an import in progress.
 */
const shots = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');

async function both(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await page.screenshot({ path: path.join(shots, `${name}-${scheme}.png`) });
  }
}

test.describe('import screens', () => {
  test.setTimeout(240_000);

  test('mapping step with the preview (Apache access log, one bad line)', async ({
    page,
    app,
    dbFile,
    imp,
  }) => {
    seedShop(dbFile, { count: 500 });
    await app.open();
    await imp.openDialog();
    await imp.addFiles([dataset('elastic-apache-access', 'apache_logs')]);
    await both(page, '20-import-files');
    await imp.toMapping();
    await imp.setMapping({ instance: 'web' });
    await expect(imp.previewRows.first()).toBeVisible();
    await both(page, '21-import-mapping');
  });

  test('an import in progress', async ({ page, app, dbFile, imp }) => {
    seedShop(dbFile, { count: 500 });
    await app.open();
    await imp.mapFiles([bigNdjson(400_000)]);
    await imp.setMapping({ instance: 'big', stream: 'user', type: 'action', time: 'ts' });
    await imp.run();
    await expect(page.getByTestId('import-committed')).not.toHaveText('0 events', {
      timeout: 120_000,
    });
    await both(page, '22-import-progress');
    await imp.cancel.click();
    expect(await imp.finished()).toBe('cancelled');
    await both(page, '23-import-summary-cancelled');
  });
});
