import type { Query } from '../../src-shared/contract/query';
import { expect, test } from '../query-fixtures';

test.describe.configure({ timeout: 150_000 });

/**
 * Seconds of work on the demo shop: every event's message tested against 900 substrings. (Real
 * slow queries are big scans; this one is slow on small data, so the test needs no big file.)
 */
const slow: Query = {
  from: { instance: 'shop' },
  where: [
    {
      or: Array.from({ length: 900 }, (_, i) => ({
        field: 'payload.message',
        operator: 'contains' as const,
        value: `no such text ${i}`,
      })),
    },
  ],
};

test('a long query shows its progress, leaves the window usable, and is cancelled in the engine', async ({
  query,
  page,
}) => {
  await query.open();
  const queryRequests = new Map<string, string>(); // requestId -> body
  const cancelled: string[] = [];
  page.on('request', (r) => {
    if (!r.url().endsWith('/api/queryEvents')) return;
    const body = JSON.parse(r.postData() ?? '{}') as { requestId: string };
    queryRequests.set(body.requestId, r.postData() ?? '');
  });
  page.on('response', async (r) => {
    if (!r.url().endsWith('/api/cancel')) return;
    const req = JSON.parse(r.request().postData() ?? '{}') as { params: { requestId: string } };
    const answer = (await r.json()) as { data?: { cancelled: boolean } };
    if (answer.data?.cancelled) cancelled.push(req.params.requestId);
  });

  await query.setJson(JSON.stringify(slow));
  const cancel = page.getByTestId('cancel-query');
  await expect(cancel).toBeVisible();
  const activity = page.getByTestId('query-activity');
  await expect(activity).toHaveAttribute('data-state', 'running');
  // Progress: the clock moves while the engine works.
  const first = await cancel.textContent();
  await expect(cancel).not.toHaveText(first!);
  await expect(activity).toContainText(
    /Running [\d.]+ (ms|s|min)( \d+ s)?: \d+ of \d+ parts answered/u,
  );

  // The window stays usable meanwhile: a popover opens and closes, the builder edits.
  await page.getByTestId('history').click();
  await expect(page.getByTestId('history-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('history-panel')).toBeHidden();

  await cancel.click();
  await expect(activity).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('run')).toHaveAttribute('title', /^Cancelled after/u);
  // The engine was told, and stopped queries that were running or queued for this query.
  await expect.poll(() => cancelled.length).toBeGreaterThan(0);
  for (const id of cancelled) expect(queryRequests.get(id)).toContain('no such text 899');

  // The engine is free again: a light query answers.
  await query.setJson(
    JSON.stringify({
      from: { instance: 'shop' },
      where: [{ field: 'event_type', operator: 'eq', value: 'OrderPlaced' }],
    }),
  );
  await expect(query.table).toHaveAttribute('data-total', '1349', { timeout: 60_000 });
});
