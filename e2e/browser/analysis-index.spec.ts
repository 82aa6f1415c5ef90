import { expect, test } from '../fixtures';
import { seedShop } from '../support/seed';

test.describe.configure({ timeout: 180_000 });

test('the status bar shows the analysis index being readied for the instance, and then ready', async ({
  app,
  page,
  dbFile,
}) => {
  // Enough events that serve builds the mirror in more than one batch.
  seedShop(dbFile, { count: 30_000 });
  await page.addInitScript(() => {
    // Every phase the status item shows, in order (a MutationObserver sees each one, however
    // short: the test asserts what was shown, not how long it took).
    const seen: string[] = [];
    (window as unknown as { analysisPhases: string[] }).analysisPhases = seen;
    new MutationObserver(() => {
      const phase = document
        .querySelector('[data-testid="analysis-index"]')
        ?.getAttribute('data-phase');
      if (phase && seen[seen.length - 1] !== phase) seen.push(phase);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await app.open();
  await app.selectInstance('shop');
  const item = page.getByTestId('analysis-index');
  await expect(item).toBeVisible();
  await expect(item).toHaveAttribute('data-phase', 'ready', { timeout: 150_000 });
  await expect(item).toHaveText('Analysis index: ready');
  // Ready may come a moment before the last events are in: the item is asked until they are.
  await expect(item).toHaveAttribute('title', /columnar copy of the events.*30,000 events/, {
    timeout: 60_000,
  });
  const phases = await page.evaluate(
    () => (window as unknown as { analysisPhases: string[] }).analysisPhases,
  );
  // Only ever checking or building on the way, never a failure, and ready at the end.
  expect(phases.every((p) => ['checking', 'building', 'ready'].includes(p))).toBe(true);
  expect(phases[phases.length - 1]).toBe('ready');
});
