import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures';

/**
 * Live sources in browser mode: the path is on the server's machine (here, beside the test's
 * database), followed by the server's follow worker while the test writes and rotates it; the
 * table (follow mode) shows the new events as they land. Screenshots of the Sources dialog,
 * light and dark, go to test-results/screens.
 */
const shots = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');

const lines = (from: number, to: number) => {
  let out = '';
  for (let i = from; i < to; i++) {
    out += `${JSON.stringify({ n: i, level: i % 5 ? 'info' : 'warn', msg: `line ${i}` })}\n`;
  }
  return out;
};

async function openSources(page: Page) {
  await page.getByTestId('open-sources').click();
  await expect(page.getByTestId('sources-dialog')).toBeVisible();
}

test.describe('live sources', () => {
  test('the first screen offers to follow a log: into a new instance, shown as it lands', async ({
    app,
    page,
    dbFile,
  }) => {
    const log = path.join(path.dirname(dbFile), 'first.log');
    fs.writeFileSync(log, lines(0, 4));
    await app.open();
    await expect(app.firstRun).toBeVisible();
    await page.getByTestId('first-run-follow').click();
    await expect(page.getByTestId('sources-dialog')).toBeVisible();
    await page.getByTestId('source-path').fill(log);
    await page.getByTestId('source-instance').fill('first-log');
    await page.getByTestId('source-add').click();
    // The instance the source created takes the first screen's place; the dialog stays open
    // over the main screen with the source in its list.
    await expect(page.getByTestId('source-row')).toHaveAttribute('data-state', 'following');
    await expect(app.firstRun).toHaveCount(0);
    await page.keyboard.press('Escape');
    await app.selectInstance('first-log');
    await expect(app.table).toHaveAttribute('data-total', '4');
  });

  test('a path alone is enough: Enter follows it into an instance named after the file', async ({
    app,
    page,
    dbFile,
  }) => {
    // Before, Follow stayed disabled until an instance was typed, and Enter did nothing.
    const log = path.join(path.dirname(dbFile), 'service.log');
    fs.writeFileSync(log, lines(0, 5));
    await app.open();
    await page.getByTestId('first-run-follow').click();
    await page.getByTestId('source-path').fill(log);
    await expect(page.getByTestId('source-instance')).toHaveValue('service.log');
    await page.getByTestId('source-path').press('Enter');
    await expect(page.getByTestId('source-row')).toHaveAttribute('data-state', 'following');
    await page.keyboard.press('Escape');
    // …and, nothing having been chosen before, that instance is the one shown.
    await expect(app.table).toHaveAttribute('data-total', '5');
    await expect(app.instance('service.log').getByTestId('instance-item')).toHaveAttribute(
      'aria-current',
      'true',
    );
  });

  test('a log whose format is not detected is followed once its format is chosen', async ({
    app,
    page,
    dbFile,
  }) => {
    // An application log with a stack trace: a third of its first lines are not log lines, so
    // detection (80% of the first lines) refuses it. Before, the dialog could only say so, in
    // the CLI's words; the Format list lets the user name the preset the operation takes.
    const log = path.join(path.dirname(dbFile), 'worker.log');
    const entry = (i: number, level: string) =>
      `2026-12-07T10:00:0${i}.000Z [worker-1] ${level} job ${i} ${level === 'ERROR' ? 'failed' : 'ran'}\n`;
    fs.writeFileSync(
      log,
      entry(1, 'INFO') +
        entry(2, 'ERROR') +
        'java.lang.IllegalStateException: queue closed\n' +
        '\tat com.example.Worker.run(Worker.java:42)\n' +
        entry(3, 'INFO') +
        entry(4, 'WARN'),
    );
    await app.open();
    await page.getByTestId('first-run-follow').click();
    await page.getByTestId('source-path').fill(log);
    await page.getByTestId('source-add').click();
    await expect(page.getByTestId('source-add-error')).toContainText('no preset fits');
    await expect(page.getByTestId('source-format-hint')).toBeVisible();
    await expect(page.getByTestId('source-row')).toHaveCount(0);

    await page.getByTestId('source-format').selectOption('app-log');
    await page.getByTestId('source-add').click();
    await expect(page.getByTestId('source-row')).toHaveAttribute('data-state', 'following');
    await expect(page.getByTestId('source-add-error')).toHaveCount(0);
    await page.keyboard.press('Escape');
    // The four log lines are events, typed by their level; the trace lines are not events.
    await expect(app.table).toHaveAttribute('data-total', '4');
  });

  test('a source follows a file written and rotated by the test; the table shows each new event', async ({
    app,
    page,
    dbFile,
  }) => {
    // Many steps, each waiting for the follower (it looks every 200 ms) on a shared machine.
    test.setTimeout(120_000);
    const log = path.join(path.dirname(dbFile), 'app.log');
    fs.writeFileSync(log, lines(0, 3));
    await app.open();
    await app.createInstance('app-log');
    await app.selectInstance('app-log');
    await expect(app.table).toHaveAttribute('data-total', '0');
    await openSources(page);
    await expect(page.getByTestId('sources-empty')).toBeVisible();
    // The selected instance is where a new source goes unless told.
    await expect(page.getByTestId('source-instance')).toHaveValue('app-log');

    // A path that is not there is refused, saying so; nothing is added.
    await page.getByTestId('source-path').fill(path.join(path.dirname(dbFile), 'missing.log'));
    await page.getByTestId('source-add').click();
    await expect(page.getByTestId('source-add-error')).toContainText(
      'no such file on this machine',
    );
    await expect(page.getByTestId('source-add-error')).toHaveAttribute(
      'data-code',
      'VALIDATION_ERROR',
    );
    await expect(page.getByTestId('source-row')).toHaveCount(0);

    await page.getByTestId('source-path').fill(log);
    await page.getByTestId('source-add').click();
    const row = page.getByTestId('source-row');
    await expect(row).toHaveCount(1);
    await expect(page.getByTestId('source-add-error')).toHaveCount(0);
    await expect(row).toHaveAttribute('data-state', 'following');
    await expect(row.getByTestId('source-events')).toHaveText('3');

    // Its events in the table, following.
    await page.keyboard.press('Escape');
    await expect(app.table).toHaveAttribute('data-total', '3');
    await expect(page.getByTestId('follow')).toBeChecked();

    // Appended lines land at the top without a reload.
    fs.appendFileSync(log, lines(3, 6));
    await expect(app.table).toHaveAttribute('data-total', '6');
    await expect(app.row(0)).toContainText('line 5');

    // Rotation: renamed away after more lines, a new file at the path. Every line once.
    fs.appendFileSync(log, lines(6, 8));
    fs.renameSync(log, `${log}.1`);
    fs.writeFileSync(log, lines(8, 10));
    await expect(app.table).toHaveAttribute('data-total', '10');
    await expect(app.row(0)).toContainText('line 9');
    // A partial last line is read only once it is complete.
    fs.appendFileSync(log, '{"n":10,"msg":"li');
    await page.waitForTimeout(600); // (the follower looks every 200 ms)
    await expect(app.table).toHaveAttribute('data-total', '10');
    fs.appendFileSync(log, 'ne 10"}\n');
    await expect(app.table).toHaveAttribute('data-total', '11');
    await expect(app.row(0)).toContainText('line 10');

    // Pause: lines written meanwhile wait; resume reads them.
    await openSources(page);
    await expect(row.getByTestId('source-events')).toHaveText('11');
    await row.getByTestId('source-pause').click();
    await expect(row).toHaveAttribute('data-state', 'paused');
    fs.appendFileSync(log, lines(11, 13));
    await page.waitForTimeout(600);
    await expect(row.getByTestId('source-events')).toHaveText('11');
    await row.getByTestId('source-resume').click();
    await expect(row).toHaveAttribute('data-state', 'following');
    await expect(row.getByTestId('source-events')).toHaveText('13');

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await page.screenshot({ path: path.join(shots, `sources-${scheme}.png`) });
    }

    // Remove: the confirmation says the events stay; they do.
    await row.getByTestId('source-remove').click();
    await expect(page.getByTestId('source-remove-confirm')).toContainText(
      'The 13 events already imported stay in app-log',
    );
    await page.getByTestId('source-remove-confirmed').click();
    await expect(page.getByTestId('sources-empty')).toBeVisible();
    fs.appendFileSync(log, lines(13, 15));
    await page.keyboard.press('Escape');
    await page.waitForTimeout(600);
    await expect(app.table).toHaveAttribute('data-total', '13');
  });

  test('the command palette opens the Sources dialog on the selected instance', async ({
    app,
    page,
  }) => {
    await app.open();
    await app.createInstance('web');
    await app.selectInstance('web');
    await page.getByTestId('open-palette').click();
    await page.getByTestId('palette-input').fill('live sources');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('sources-dialog')).toBeVisible();
    await expect(page.getByTestId('source-instance')).toHaveValue('web');
  });
});
