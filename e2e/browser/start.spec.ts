import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from '../../src-main/test-support/built-cli';
import { electronBinary } from '../../src-main/test-support/electron-binary';
import { launchServing } from '../../src-main/test-support/serve-process';
import { expect, test } from '../fixtures';
import { AppPage } from '../pages/app-page';

test.skip(
  electronBinary() !== null,
  'an Electron binary is present: npm start opens the desktop app instead (see e2e/electron)',
);

/**
 * `npm start` where Electron cannot run: one plain line saying so, then browser mode on the
 * default database (here: a temp XDG_CONFIG_HOME, i.e. <tmp>/Eventlens/eventlens.db).
 */
test('npm start falls back to browser mode on the default database', async ({ page }) => {
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: config };
  delete env.EVENTLENS_DB;
  const started = await launchServing(
    [path.join(repoRoot, 'scripts', 'start.mjs'), '--no-build'],
    env,
  );
  try {
    // Exactly one line about Electron, then what `eventlens serve` always prints.
    const defaultDb = path.join(config, 'Eventlens', 'eventlens.db');
    expect(started.linesBeforeUrl).toHaveLength(2);
    expect(started.linesBeforeUrl[0]).toMatch(
      /^Electron cannot run on this machine \(.+\); starting browser mode on the same database instead\.$/u,
    );
    expect(started.linesBeforeUrl[1]).toBe(`Eventlens browser mode on ${defaultDb}`);

    const shell = new AppPage(page, started);
    await shell.open();
    await shell.createInstance('started');
    await expect(shell.instance('started')).toBeVisible();
    const listed = await runCli('listInstances', {}, defaultDb);
    expect(listed).toMatchObject({ success: true, data: { instances: [{ name: 'started' }] } });
  } finally {
    expect(await started.stop()).toBe(0);
    fs.rmSync(config, { recursive: true, force: true });
  }
});
