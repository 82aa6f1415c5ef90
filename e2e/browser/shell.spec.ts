import { runCli } from '../../src-main/test-support/built-cli';
import { expect, test } from '../fixtures';

test.describe('browser mode shell', () => {
  test('opens over HTTP, goes live, and takes the token out of the address bar', async ({
    shell,
    page,
    server,
  }) => {
    await shell.open();
    await expect(shell.transport).toHaveAttribute('data-transport', 'http');
    await expect(page.getByTestId('no-instances')).toBeVisible();
    expect(page.url()).toBe(`${server.origin}/`);
    expect(page.url()).not.toContain(server.token);
    // The token survives a reload of this tab (sessionStorage), not in the address.
    await page.reload();
    await shell.waitLive();
    await expect(page.getByTestId('no-instances')).toBeVisible();
  });

  test('creates an instance and lists it; a duplicate name is refused', async ({ shell }) => {
    await shell.open();
    await shell.createInstance('audit');
    await expect(shell.row('audit')).toBeVisible();
    await expect(shell.eventCount('audit')).toHaveAttribute('data-count', '0');
    await expect(shell.nameInput).toHaveValue('');

    await shell.createInstance('audit');
    await expect(shell.createError).toHaveAttribute('data-code', 'CONFLICT');
    await expect(shell.createError).toContainText('already exists');
    await expect(shell.rows).toHaveCount(1);
  });

  test('updates live when the CLI writes to the same file', async ({ shell, dbFile }) => {
    await shell.open();
    const created = await runCli('createInstance', { name: 'from-cli' }, dbFile);
    expect(created.success).toBe(true);
    await expect(shell.row('from-cli')).toBeVisible();
    await expect(shell.eventCount('from-cli')).toHaveAttribute('data-count', '0');

    const appended = await runCli(
      'appendEvents',
      { instanceId: 'from-cli', events: [{ stream_id: 'a' }, { stream_id: 'b' }, {}] },
      dbFile,
    );
    expect(appended.success).toBe(true);
    await expect(shell.eventCount('from-cli')).toHaveAttribute('data-count', '3');
    await expect(shell.eventCount('from-cli')).toContainText('3 events in 3 streams');
    await expect(shell.changeLog.locator('li[data-kind="eventsAppended"]')).toContainText(
      '3 events appended to 3 streams',
    );

    expect((await runCli('deleteInstance', { instanceId: 'from-cli' }, dbFile)).success).toBe(true);
    await expect(shell.row('from-cli')).toHaveCount(0);
    await expect(shell.changeLog.locator('li[data-kind="instanceDeleted"]')).toBeVisible();
  });

  test('a change made in one tab shows up in another', async ({ shell, context, server }) => {
    await shell.open();
    const other = await context.newPage();
    await other.goto(server.url);
    await expect(other.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await shell.createInstance('shared');
    await expect(
      other.locator('[data-testid="instance-row"][data-instance-name="shared"]'),
    ).toBeVisible();
  });

  test('without the token the page says what to do; with a wrong one every call is refused', async ({
    shell,
    page,
    server,
  }) => {
    await page.goto(`${server.origin}/`);
    await expect(shell.missingToken).toContainText('?token=');

    await page.goto(`${server.origin}/?token=not-the-token`);
    await expect(shell.listError).toHaveAttribute('data-code', 'UNAUTHORIZED');
    await expect(shell.listError).toContainText('wrong token');
    await expect(shell.connection).not.toHaveAttribute('data-state', 'live');
  });

  test('runs under its CSP without violations or console errors', async ({ shell, page }) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const response = await page.goto(shell.server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await shell.waitLive();
    await shell.createInstance('clean');
    await expect(shell.row('clean')).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('screenshot of the shell', async ({ shell, dbFile }, testInfo) => {
    await runCli('createInstance', { name: 'shop', description: 'orders' }, dbFile);
    await runCli(
      'appendEvents',
      { instanceId: 'shop', events: [{ stream_id: 'order-1' }, { stream_id: 'order-2' }] },
      dbFile,
    );
    await shell.open();
    await shell.createInstance('audit');
    await expect(shell.row('audit')).toBeVisible();
    await expect(shell.eventCount('shop')).toHaveAttribute('data-count', '2');
    await shell.page.screenshot({ path: testInfo.outputPath('shell.png'), fullPage: true });
  });
});
