import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures';

/**
 * The window while a live source follows a busy file (issue 22: no task over 200 ms while
 * following). A file of its own because the trace recorder must be off, and Playwright sets
 * that per file only: the recorder (retain-on-failure) films the page while the test runs, on
 * the page's own main thread — with it, 17-28 tasks over 50 ms and the longest 178-325 ms;
 * without it, 1 task over 50 ms, the longest 60-157 ms (load 8-16). The check is about the app.
 */
test.use({ trace: 'off' });

const lines = (from: number, to: number) => {
  let out = '';
  for (let i = from; i < to; i++) out += `${JSON.stringify({ n: i, msg: `line ${i}` })}\n`;
  return out;
};

test('the window stays responsive while a file is followed at 20,000 lines/s: no task over 200 ms', async ({
  app,
  page,
  dbFile,
}) => {
  test.setTimeout(120_000);
  const log = path.join(path.dirname(dbFile), 'busy.log');
  fs.writeFileSync(log, lines(0, 10));
  await app.open();
  await app.createInstance('busy');
  await app.selectInstance('busy');
  await page.getByTestId('open-sources').click();
  await expect(page.getByTestId('sources-dialog')).toBeVisible();
  await page.getByTestId('source-path').fill(log);
  await page.getByTestId('source-add').click();
  await expect(page.getByTestId('source-row')).toHaveAttribute('data-state', 'following');
  await page.keyboard.press('Escape');
  await expect(app.table).toHaveAttribute('data-total', '10');
  await expect(page.getByTestId('follow')).toBeChecked();

  // Every task of the page's main thread over 50 ms, from here on (Long Tasks API).
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask' });
  });
  // 1,000 lines every 50 ms for 5 s, rotated by rename half-way, as a busy service logs.
  const total = 100_010;
  let n = 10;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      fs.appendFileSync(log, lines(n, n + 1_000));
      n += 1_000;
      if (n === 50_010) {
        fs.renameSync(log, `${log}.1`);
        fs.writeFileSync(log, '');
      }
      if (n >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
  await expect(app.table).toHaveAttribute('data-total', String(total), { timeout: 60_000 });
  const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const longest = Math.max(0, ...tasks);
  console.log(
    `following 100,000 lines at 20,000/s: ${tasks.length} tasks over 50 ms in the window, ` +
      `the longest ${longest} ms`,
  );
  expect(longest).toBeLessThanOrEqual(200);
});
