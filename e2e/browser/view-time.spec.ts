import { expect, test } from '../fixtures';
import { cliData } from '../support/cli';
import { dataset } from '../support/datasets';
import { ViewPage } from '../pages/view-page';

interface Stats {
  instanceId: string;
  firstEventAt: string;
  lastEventAt: string;
}

/** The fragment's absolute range as instants. */
function absolute(range: string | null): { from: number; to: number } {
  const [from, to] = (range ?? '').split('..');
  return { from: Date.parse(from!), to: Date.parse(to!) };
}

/** A few hours of GH Archive (July 2021) as the instance "gh"; answers its stats. */
async function importFewHours(dbFile: string): Promise<Stats> {
  await ViewPage.importFiles(dbFile, 'gh', [dataset('gharchive', '2021-07-21-few-hours.json')]);
  return cliData<Stats>('getInstanceStats', { instanceId: 'gh' }, dbFile);
}

// Issue 19, defect 14: relative ranges were relative to now, which on historical logs (every
// real dataset) showed nothing; a histogram drag had no zoom out, undo or "zoom to the data".
test.describe('time that fits old logs', () => {
  test('a relative range ends at the last event when the data ended long ago, and says so', async ({
    page,
    dbFile,
    view,
  }) => {
    const stats = await importFewHours(dbFile);
    const last = Date.parse(stats.lastEventAt);
    const expected = await cliData<{ result: { total: number } }>(
      'queryEvents',
      {
        query: {
          from: { instance: 'gh' },
          where: [{ field: 'timestamp', operator: 'between', value: [last - 3_600_000, last] }],
          limit: 0,
        },
      },
      dbFile,
    );
    expect(expected.result.total).toBeGreaterThan(0);
    await view.openOn('gh');
    await view.total();
    await view.openTimePicker();
    // The picker says what relative ranges end at, and picks the last event for data of 2021.
    await expect(page.getByTestId('time-end-data')).toHaveAttribute('aria-checked', 'true');
    await page.getByTestId('time-preset-1h').click();
    await expect(view.timeLabel).toHaveText('Last 1 hour of data');
    expect(await view.total()).toBe(expected.result.total);
    expect(view.fragment().get('range')).toBe('1h@data');

    // Ending now instead is one click away, and shows what it says: nothing since 2021.
    await view.openTimePicker();
    await page.getByTestId('time-end-now').click();
    await page.getByTestId('time-preset-1h').click();
    await expect(view.timeLabel).toHaveText('Last 1 hour');
    expect(await view.total()).toBe(0);
  });

  test('zoom to the data, a histogram drag, undo and zoom out ×2', async ({
    page,
    dbFile,
    view,
  }) => {
    const stats = await importFewHours(dbFile);
    await view.openOn('gh');
    const all = await view.total();
    await expect(page.getByTestId('time-undo')).toBeDisabled();

    await view.openTimePicker();
    await page.getByTestId('time-zoom-data').click();
    const data = absolute(view.fragment().get('range'));
    expect(data.from).toBeLessThanOrEqual(Date.parse(stats.firstEventAt));
    expect(data.to).toBeGreaterThanOrEqual(Date.parse(stats.lastEventAt));
    expect(await view.total()).toBe(all);
    const dataLabel = (await view.timeLabel.textContent())!;
    expect(dataLabel).toMatch(
      /^2021-07-21 \d{2}:\d{2}:\d{2}(\.\d{3})? → 2021-07-21 \d{2}:\d{2}:\d{2}(\.\d{3})? UTC$/u,
    );

    await view.dragHistogram(0.3, 0.5);
    await expect(view.timeLabel).not.toHaveText(dataLabel);
    const dragged = absolute(view.fragment().get('range'));
    expect(dragged.to - dragged.from).toBeLessThan((data.to - data.from) / 2);
    expect(await view.total()).toBeLessThan(all);

    await page.getByTestId('time-undo').click();
    await expect(view.timeLabel).toHaveText(dataLabel);
    expect(await view.total()).toBe(all);

    await page.getByTestId('time-zoom-out').click();
    const wider = absolute(view.fragment().get('range'));
    expect(wider.to - wider.from).toBeGreaterThanOrEqual(2 * (data.to - data.from));
    expect((wider.from + wider.to) / 2).toBeCloseTo((data.from + data.to) / 2, -3);
    expect(await view.total()).toBe(all);
  });

  test("Zeek's microseconds show in the detail pane", async ({ page, dbFile, view }) => {
    await ViewPage.importFiles(dbFile, 'zeek', [dataset('zeek-wrccdc', 'ftp.json')]);
    await view.openOn('zeek');
    await view.total();
    await page.getByTestId('event-row').first().click();
    const ts = (await view.detail.getAttribute('data-event-id'))!;
    expect(ts).toBeTruthy();
    // ftp.json's times have six digits below the second (`17:15:24.699488Z`).
    await expect(view.detail.getByTestId('detail-time')).toHaveText(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/u,
    );
  });
});
