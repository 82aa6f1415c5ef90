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
    await expect(shell.firstRun).toBeVisible();
    expect(page.url()).toBe(`${server.origin}/`);
    expect(page.url()).not.toContain(server.token);
    // The token survives a reload of this tab (sessionStorage), not in the address.
    await page.reload();
    await shell.waitLive();
    await expect(shell.firstRun).toBeVisible();
  });

  test('creates an instance and lists it; a duplicate name is refused', async ({ shell, page }) => {
    await shell.open();
    await shell.createInstance('audit');
    await expect(shell.instance('audit')).toBeVisible();
    await expect(shell.instanceCount('audit')).toHaveAttribute('data-count', '0');

    await shell.createInstance('audit');
    const error = page.getByTestId('create-error');
    await expect(error).toHaveAttribute('data-code', 'CONFLICT');
    await expect(error).toContainText('already exists');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('instance-node')).toHaveCount(1);
  });

  test('updates live when the CLI writes to the same file', async ({ shell, dbFile, page }) => {
    expect((await runCli('createInstance', { name: 'first' }, dbFile)).success).toBe(true);
    await shell.open();
    const created = await runCli('createInstance', { name: 'from-cli' }, dbFile);
    expect(created.success).toBe(true);
    await expect(shell.instance('from-cli')).toBeVisible();
    await expect(shell.instanceCount('from-cli')).toHaveAttribute('data-count', '0');

    const appended = await runCli(
      'appendEvents',
      { instanceId: 'from-cli', events: [{ stream_id: 'a' }, { stream_id: 'b' }, {}] },
      dbFile,
    );
    expect(appended.success).toBe(true);
    await expect(shell.instanceCount('from-cli')).toHaveAttribute('data-count', '3');

    expect((await runCli('deleteInstance', { instanceId: 'from-cli' }, dbFile)).success).toBe(true);
    await expect(shell.instance('from-cli')).toHaveCount(0);
    await expect(page.getByTestId('instance-node')).toHaveCount(1);
  });

  test('a change made in one tab shows up in another', async ({
    shell,
    context,
    server,
    dbFile,
  }) => {
    expect((await runCli('createInstance', { name: 'first' }, dbFile)).success).toBe(true);
    await shell.open();
    const other = await context.newPage();
    await other.goto(server.url);
    await expect(other.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await shell.createInstance('shared');
    await expect(
      other.locator('[data-testid="instance-node"][data-instance-name="shared"]'),
    ).toBeVisible();
  });

  test('without the token the page says what to do; with a wrong one every call is refused', async ({
    page,
    server,
  }) => {
    await page.goto(`${server.origin}/`);
    await expect(page.getByTestId('missing-token')).toContainText('?token=');

    await page.goto(`${server.origin}/?token=not-the-token`);
    const error = page.getByTestId('list-error');
    await expect(error).toHaveAttribute('data-code', 'UNAUTHORIZED');
    await expect(error).toContainText('wrong token');
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
    await expect(shell.instance('clean')).toBeVisible();
    // The JSON editor (CodeMirror) and the panes bring their own styles: none may need inline CSS.
    await page.getByTestId('open-append').click();
    await expect(page.getByTestId('append-payload').locator('.cm-editor')).toBeVisible();
    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('palette-input')).toBeVisible();
    expect(problems).toEqual([]);
  });
});
