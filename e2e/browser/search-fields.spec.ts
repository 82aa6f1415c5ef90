import type { Query } from '../../src-shared/contract/query';
import { expect, test } from '../dataset-fixtures';
import { cliData } from '../support/cli';

/**
 * `type:PushEvent` in the search box means the event's type, not a `type` inside the payload
 * (issue 19, a newcomer's trap): on GH Archive it finds exactly the PushEvents the CLI counts,
 * the chip says `event_type`, and `payload.type:` still reaches a payload field.
 */

async function cliCount(file: string, query: Query): Promise<number> {
  const data = await cliData<{ result: { total: number } }>(
    'queryEvents',
    { query: { ...query, limit: 1 } },
    file,
  );
  return data.result.total;
}

test('type:, stream: and payload.type: in the search box name the fields they mean', async ({
  real,
  page,
  datasetsFile,
}) => {
  test.setTimeout(120_000);
  const from = { instance: 'gharchive' };
  const pushes = await cliCount(datasetsFile, {
    from,
    where: [{ field: 'event_type', operator: 'eq', value: 'PushEvent' }],
  });
  expect(pushes).toBeGreaterThan(100);
  await real.open('gharchive', { builder: false });
  const input = page.getByTestId('filter-input');
  const chips = page.getByTestId('condition-chip');

  await input.fill('type:PushEvent');
  await input.press('Enter');
  await expect(chips).toHaveText(['event_type = "PushEvent"']);
  expect(await real.tableTotal()).toBe(pushes);
  const rows = page.getByTestId('event-row');
  await expect(rows.first()).toContainText('PushEvent');

  // A stream too: the event's stream, by the name typed (a number stays text).
  const stream = (
    await cliData<{ result: { events: { stream_id: string }[] } }>(
      'queryEvents',
      {
        query: {
          from,
          where: [{ field: 'event_type', operator: 'eq', value: 'PushEvent' }],
          limit: 1,
        },
      },
      datasetsFile,
    )
  ).result.events[0]!.stream_id;
  const inStream = await cliCount(datasetsFile, {
    from,
    where: [
      { field: 'event_type', operator: 'eq', value: 'PushEvent' },
      { field: 'stream_id', operator: 'eq', value: stream },
    ],
  });
  await input.fill(`stream:${stream}`);
  await input.press('Enter');
  await expect(chips).toHaveText(['event_type = "PushEvent"', `stream_id = "${stream}"`]);
  expect(await real.tableTotal()).toBe(inStream);
  expect(inStream).toBeGreaterThan(0);

  // payload.type: is the payload's own field, and its chip says so.
  await page.getByTestId('clear-filters').click();
  await input.fill('payload.ref_type:branch');
  await input.press('Enter');
  await expect(chips).toHaveText(['payload.ref_type = "branch"']);
  const branches = await cliCount(datasetsFile, {
    from,
    where: [{ field: 'payload.ref_type', operator: 'eq', value: 'branch' }],
  });
  expect(branches).toBeGreaterThan(0);
  expect(await real.tableTotal()).toBe(branches);
  await page.getByTestId('clear-filters').click();
  await input.fill('payload.type:PushEvent');
  await input.press('Enter');
  await expect(chips).toHaveText(['payload.type = "PushEvent"']);
  expect(await real.tableTotal()).toBe(
    await cliCount(datasetsFile, {
      from,
      where: [{ field: 'payload.type', operator: 'eq', value: 'PushEvent' }],
    }),
  );
});
