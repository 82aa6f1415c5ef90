import { runCli } from '../../src-main/test-support/built-cli';
import { expect, test } from '../fixtures';
import { cliData } from '../support/cli';
import { seedShop } from '../support/seed';

test.describe('layout and instances', () => {
  test('three resizable panes, a status bar, and a theme that follows the system with a toggle', async ({
    app,
    page,
    dbFile,
  }) => {
    seedShop(dbFile, { count: 200 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.open();
    for (const region of [
      'sidebar',
      'query-bar',
      'histogram',
      'view-switch',
      'results',
      'detail',
      'facets',
    ])
      await expect(page.locator(`[data-region="${region}"]`)).toHaveCount(1);
    await expect(page.getByTestId('status-bar')).toContainText('Live');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(html).toHaveAttribute('data-theme', 'light');
    // The toggle picks the other theme, then back to the system's; the pick survives a reload.
    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await app.waitLive();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme-choice', 'system');

    // Panes resize by dragging a separator.
    const sidebar = page.locator('[data-region="sidebar"]');
    const before = (await sidebar.boundingBox())!.width;
    const separator = page.locator('.pane-separator').first();
    const box = (await separator.boundingBox())!;
    await page.mouse.move(box.x + 1, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + 121, box.y + 200, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(async () => (await sidebar.boundingBox())!.width)
      .toBeGreaterThan(before + 60);
  });

  test('create, rename and describe, stats, and delete naming how many events go', async ({
    app,
    page,
    dbFile,
  }) => {
    seedShop(dbFile, { count: 1_234, streams: 40 });
    await app.open();
    await app.createInstance('audit', 'who did what');
    await expect(app.instance('audit')).toBeVisible();
    await expect(app.instance('audit').getByTestId('instance-item')).toHaveAttribute(
      'aria-current',
      'true',
    );

    await app.instanceAction('audit', 'edit-instance');
    await page.getByTestId('edit-name').fill('audit-trail');
    await page.getByTestId('edit-description').fill('every admin action');
    await page.getByTestId('edit-submit').click();
    await expect(app.instance('audit-trail')).toBeVisible();
    const renamed = await runCli('getInstance', { instanceId: 'audit-trail' }, dbFile);
    expect(renamed).toMatchObject({ data: { instance: { description: 'every admin action' } } });

    // Stats of the seeded instance: counts, types with counts, first/last time, size on disk.
    await app.selectInstance('shop');
    const stats = page.getByTestId('instance-stats');
    await expect(stats.getByTestId('stats-events')).toHaveAttribute('data-value', '1234');
    await expect(stats.getByTestId('stats-streams')).toHaveAttribute('data-value', '40');
    const cli = await cliData<{ eventTypes: { eventType: string; count: number }[] }>(
      'getInstanceStats',
      { instanceId: 'shop' },
      dbFile,
    );
    const types = stats.getByTestId('stats-types').locator('li');
    await expect(types).toHaveCount(cli.eventTypes.length);
    const top = cli.eventTypes[0]!;
    await expect(types.first()).toHaveAttribute('data-type', top.eventType);
    await expect(types.first()).toHaveAttribute('data-count', String(top.count));
    await expect(stats.getByTestId('stats-first')).toContainText('2026-01-0');
    await expect(stats.getByTestId('stats-size')).toContainText(/KiB|MiB/u);

    await app.instanceAction('shop', 'delete-instance');
    await expect(page.getByTestId('delete-message')).toContainText('1,234 events');
    await page.getByTestId('delete-confirm').click();
    await expect(app.instance('shop')).toHaveCount(0);
    expect(await runCli('getInstance', { instanceId: 'shop' }, dbFile)).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  test('a rename conflict is shown in the dialog and changes nothing', async ({
    app,
    page,
    dbFile,
  }) => {
    await runCli('createInstance', { name: 'a' }, dbFile);
    await runCli('createInstance', { name: 'b' }, dbFile);
    await app.open();
    await app.instanceAction('b', 'edit-instance');
    await page.getByTestId('edit-name').fill('a');
    await page.getByTestId('edit-submit').click();
    await expect(page.getByTestId('edit-error')).toHaveAttribute('data-code', 'CONFLICT');
    await expect(page.getByTestId('edit-error')).toContainText('already exists');
  });
});
