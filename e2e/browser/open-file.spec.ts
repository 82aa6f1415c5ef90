import { cliLauncher } from '../../src-main/test-support/built-cli';
import { launchServing, type ServeProcess } from '../../src-main/test-support/serve-process';
import { expect, test } from '../fixtures';
import { bigNdjson } from '../support/big-file';

/**
 * `eventlens open FILE`: browser mode showing the file's instance while the file streams in.
 * The file is large enough that its import is still running when the first rows are on screen:
 * the test asserts that order (a job still running, rows visible), never a timing.
 */
// 2,000,000 lines (~220 MB): since the open's import runs at the CLI's rate, 400,000 could be
// all in before the page showed its first rows on a busy machine (the suite saw it once).
const lines = 2_000_000;

function openProcess(file: string, db: string): Promise<ServeProcess> {
  return launchServing([cliLauncher, 'open', file, '--db', db, '--port', '0']);
}

test('opens a file: rows are on screen while its import runs; reopened, it continues', async ({
  page,
  dbFile,
}) => {
  test.setTimeout(120_000);
  const file = bigNdjson(lines);
  const server = await openProcess(file, dbFile);
  try {
    expect(server.linesBeforeUrl.join('\n')).toContain(`importing into "${file.split('/').pop()}"`);
    await page.goto(server.url);
    const job = page.getByTestId('status-job');
    await expect(page.getByTestId('event-row').first()).toBeVisible({ timeout: 60_000 });
    // The rows came from the first batches: the import is still under way, in the status bar.
    await expect(job).toHaveAttribute('data-state', 'running');
    await expect(job).toContainText('Open eventlens-e2e-big');
    const count = Number(
      await page.getByTestId('instance-count').first().getAttribute('data-count'),
    );
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(lines);
    // Cancel from the status bar: the batches committed stay, the job leaves the bar.
    await page.getByTestId('status-job-cancel').click();
    await expect(job).toHaveCount(0, { timeout: 30_000 });
  } finally {
    expect(await server.stop()).toBe(0);
  }

  // The same file again: its import stopped early, so it continues where it stopped (no
  // second instance, nothing twice).
  const again = await openProcess(file, dbFile);
  try {
    expect(again.linesBeforeUrl.join('\n')).toMatch(
      /its import stopped early; continuing after line [\d,]+ into "eventlens-e2e-big/u,
    );
    await page.goto(again.url);
    await expect(page.getByTestId('instance-node')).toHaveCount(1);
    await expect(page.getByTestId('status-job')).toContainText('Continue eventlens-e2e-big');
  } finally {
    expect(await again.stop()).toBe(0);
  }
});
