import { startServeProcess } from '../../src-main/test-support/serve-process';
import { cachedDb, fillShop } from '../../src-main/test-support/shop-db';
import { expect, test } from '../fixtures';
import { AppPage } from '../pages/app-page';
import { QueryPage } from '../pages/query-page';
import type { Query } from '../../src-shared/contract/query';
import { busiestRenderer, rendererMainThreads } from '../support/thread-cpu';

declare global {
  interface Window {
    __perf: { click?: number; rows?: number; longTasks: { start: number; duration: number }[] };
    __chart: { run?: number; bars?: number };
  }
}

// Playwright's trace records a screencast of the page while it runs, which here costs about as
// much CPU as the page itself: the timings would measure the recorder.
test.use({ trace: 'off' });

const rowHeight = 24;
const scrollRows = 100_000;
const shop1M = () =>
  cachedDb('shop-1000000-seed1', (e) => fillShop(e, { instance: 'shop', count: 1_000_000 }));

/**
 * The figures of issue 5 on 1,000,000 events: time from the click on the instance to the first
 * rows on screen, long tasks (> 50 ms, PerformanceObserver 'longtask') while scrolling through
 * 100,000 rows, and the number of DOM rows. Timings are printed (and attached), not asserted:
 * this machine is shared. Asserted: the data is there and the DOM stays bounded.
 * The database is built once (about a minute) and cached; see shop-db.ts.
 */
test('1,000,000 events: first rows, scrolling 100,000 rows, bounded DOM', async ({
  page,
}, info) => {
  test.setTimeout(900_000);
  const file = shop1M();
  const server = await startServeProcess(file);
  try {
    const app = new AppPage(page, server);
    await app.open();
    await page.evaluate(() => {
      window.__perf = { longTasks: [] };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__perf.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      document.addEventListener('click', () => (window.__perf.click ??= performance.now()), {
        capture: true,
      });
      const seen = new MutationObserver(() => {
        if (document.querySelector('[data-testid="event-row"]')) {
          window.__perf.rows = performance.now();
          seen.disconnect();
        }
      });
      seen.observe(document.body, { childList: true, subtree: true });
    });
    await app.selectInstance('shop');
    await expect(app.rows.first()).toBeVisible();
    expect(await app.waitForRows()).toBe(1_000_000);
    const firstRowsMs = await page.evaluate(() => window.__perf.rows! - window.__perf.click!);
    // What the engine itself spent on that first page (the envelope's tookMs).
    const firstQueryMs = Number(await app.showing.getAttribute('data-took-ms'));

    const threadsBefore = rendererMainThreads();
    const scroll = await page.evaluate(
      async ({ rowHeight, scrollRows }) => {
        const el = document.querySelector<HTMLElement>('[data-testid="event-table"]')!;
        const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
        const target = scrollRows * rowHeight;
        const started = performance.now();
        const deadline = started + 600_000;
        let maxDom = 0;
        // Row elements put into the DOM while scrolling (a moved element counts too): rows
        // take over the elements of rows that left, so few are ever made.
        let rowsInserted = 0;
        const inserts = new MutationObserver((records) => {
          for (const r of records)
            for (const n of r.addedNodes)
              if (n instanceof HTMLElement && n.dataset.testid === 'event-row') rowsInserted++;
        });
        inserts.observe(el, { childList: true, subtree: true });
        let frames = 0;
        let waits = 0; // 10 ms polls while the next rows were not loaded yet
        let stalls = 0; // runs of such polls
        let waiting = false;
        while (el.scrollTop < target - el.clientHeight && performance.now() < deadline) {
          const loaded = Number(el.dataset.rows) * rowHeight;
          if (el.scrollTop + el.clientHeight + 600 >= loaded) {
            waits++;
            if (!waiting) stalls++;
            waiting = true;
            await new Promise((r) => setTimeout(r, 10));
            continue;
          }
          waiting = false;
          el.scrollTop += 600; // 25 rows a frame: a fast fling, 1,500 rows a second at 60 fps
          await frame();
          frames++;
          maxDom = Math.max(maxDom, document.querySelectorAll('[data-testid="event-row"]').length);
        }
        const ended = performance.now();
        inserts.disconnect();
        const during = window.__perf.longTasks.filter(
          (t) => t.start >= started && t.start <= ended,
        );
        return {
          seconds: (ended - started) / 1000,
          frames,
          waits,
          stalls,
          reachedRow: Math.floor(el.scrollTop / rowHeight),
          loadedRows: Number(el.dataset.rows),
          maxDom,
          rowsInserted,
          longTasks: during.length,
          longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
          longTaskMs: during.map((t) => Math.round(t.duration)),
          // When each began, in seconds into the scroll.
          longTaskAt: during.map((t) => Math.round((t.start - started) / 100) / 10),
        };
      },
      { rowHeight, scrollRows },
    );
    // The renderer's main thread over the scroll (Linux): its own work a frame, and the time it
    // was ready but waited for a core. A long task whose frame did 12 ms of work but waited
    // 40 ms counts the same as one that worked 52 ms.
    const main = busiestRenderer(threadsBefore, rendererMainThreads());
    const perFrame = (ms: number) => Math.round((ms / scroll.frames) * 100) / 100;
    const figures = {
      firstRowsMs: Math.round(firstRowsMs),
      firstQueryMs,
      ...scroll,
      mainThreadMsPerFrame: main && perFrame(main.cpuMs),
      mainThreadWaitMsPerFrame: main && perFrame(main.waitMs),
    };
    console.log(`perf on 1,000,000 events: ${JSON.stringify(figures)}`);
    await info.attach('perf-figures.json', {
      body: JSON.stringify(figures, null, 2),
      contentType: 'application/json',
    });

    expect(scroll.reachedRow).toBeGreaterThanOrEqual(scrollRows - 100);
    expect(scroll.loadedRows).toBeGreaterThanOrEqual(scrollRows);
    expect(scroll.maxDom).toBeLessThan(100);
    // Rows take over the elements of rows that left: few are made, mostly when the scroll
    // outruns the loaded rows (the "Loading more…" row takes a row's place while it waits).
    // Listing rows out of slot order re-inserted ~25 a frame, 100,000 over the scroll. (The
    // bound was 100 + waits, a count of 10 ms polls, not of stalls; a slow run made 183 with
    // 73 polls.)
    expect(scroll.rowsInserted).toBeLessThan(scroll.frames / 4);
    expect(await app.rows.count()).toBeLessThan(100);
    await expect(app.showing).toContainText('of 1,000,000 events');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

/**
 * Issue 21 on 1,000,000 events: the first chart of a payload field no query has read before,
 * from Run (Ctrl+Enter in the JSON editor) to its bars on screen, once the analysis index (the
 * columnar mirror) has caught up. Printed, not asserted as a timing (a shared machine);
 * asserted: the bars are the engine's answer, and the mirror gave it.
 */
test('1,000,000 events: the first chart of a new payload field after Run', async ({
  page,
}, info) => {
  test.setTimeout(900_000);
  const server = await startServeProcess(shop1M());
  try {
    const query = new QueryPage(page, server);
    await query.open();
    // Built on the first open of the file (about 10 s at 1M on an idle machine), then kept.
    const index = page.getByTestId('analysis-index');
    await expect(index).toHaveAttribute('data-phase', 'ready', { timeout: 600_000 });
    await expect(index).toHaveAttribute('title', /1,000,000 events/u, { timeout: 60_000 });

    await page.getByTestId('view-chart').click();
    const byTier: Query = {
      from: { instance: 'shop' },
      reduce: { type: 'count', groupBy: ['payload.user.tier'] },
    };
    await query.json.locator('.cm-line').first().click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(JSON.stringify(byTier));
    await page.evaluate(() => {
      window.__chart = {};
      document.addEventListener(
        'keydown',
        (e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey))
            window.__chart.run ??= performance.now();
        },
        { capture: true },
      );
      const seen = new MutationObserver(() => {
        if (document.querySelector('[data-testid="chart-view"] [data-testid="chart-bar"]')) {
          window.__chart.bars = performance.now();
          seen.disconnect();
        }
      });
      seen.observe(document.body, { childList: true, subtree: true });
    });
    await page.keyboard.press('ControlOrMeta+Enter');
    const bars = query.chart.getByTestId('chart-bar');
    await expect(bars.first()).toBeVisible({ timeout: 120_000 });
    const chartMs = await page.evaluate(() => window.__chart.bars! - window.__chart.run!);

    // The same query again over the API: the bars are its answer, and the mirror gave it.
    const answer = await query.queryEvents(byTier);
    const groups = (
      answer.aggregation as { groups: { key: Record<string, unknown>; value: number }[] }
    ).groups;
    await expect(bars).toHaveCount(groups.length);
    expect(
      await bars.evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-label'), Number(e.getAttribute('data-value'))]),
      ),
    ).toEqual(groups.map((g) => [g.key['payload.user.tier'] ?? '(none)', g.value]));
    expect(answer.engine).toBe('mirror');
    const figures = { firstChartMs: Math.round(chartMs), warmQueryMs: answer.tookMs };
    console.log(
      `perf on 1,000,000 events: first chart of a new payload field appears ${figures.firstChartMs} ms after Run ` +
        `(the same query again, engine only: ${figures.warmQueryMs} ms)`,
    );
    await info.attach('first-chart.json', {
      body: JSON.stringify(figures, null, 2),
      contentType: 'application/json',
    });
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
