import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Query } from '../../src-shared/contract/query';
import type { EventRecord } from '../../src-shared/contract/records';
import { cliLauncher } from '../../src-main/test-support/built-cli';
import { expect, test } from '../query-fixtures';

test.describe.configure({ timeout: 150_000 });

const failedPayments: Query = {
  from: { instance: 'shop' },
  where: [
    { field: 'event_type', operator: 'eq', value: 'PaymentFailed' },
    { field: 'payload.message', operator: 'contains', value: "it's" },
  ],
};

test.describe('saved queries and history', () => {
  test.beforeEach(({ query }) => query.open());

  test('saved in the database as events; renamed, opened, exported, deleted, imported; the instance stays hidden', async ({
    query,
    page,
  }, testInfo) => {
    const q: Query = { from: { instance: 'shop' }, where: [failedPayments.where![0]!] };
    await query.setJson(JSON.stringify(q));
    await page.getByTestId('time-range').click();
    // The shop's data ended long ago, so the picker offers ranges ending at its last event;
    // this test saves one that ends now (a range that ends at the data: saved-queries tests).
    await page.getByTestId('time-end-now').click();
    await page.getByTestId('time-preset-7d').click();

    const saved = page.getByTestId('saved-queries-panel');
    await page.getByTestId('saved-queries').click();
    await page.getByTestId('save-name').fill('Failed payments');
    await page.getByTestId('save-submit').click();
    await expect(saved.getByTestId('saved-item')).toHaveAttribute('data-name', 'Failed payments');

    // In the database: one QuerySaved event in _eventlens/saved-queries, the DSL in its payload.
    const stored = await query.queryEvents({
      from: { instance: '_eventlens', stream: 'saved-queries' },
    });
    expect((stored.events as EventRecord[]).map((e) => [e.event_type, e.payload.name])).toEqual([
      ['QuerySaved', 'Failed payments'],
    ]);
    expect((stored.events![0] as EventRecord).payload.document).toEqual({
      query: q,
      timeRange: { last: '7d' },
    });
    // The app's own instance is not in the instance list, unless asked for.
    await expect(
      page.locator('[data-testid="instance-node"][data-instance-name="_eventlens"]'),
    ).toHaveCount(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('toggle-system-instances').click();
    await expect(
      page.locator('[data-testid="instance-node"][data-instance-name="_eventlens"]'),
    ).toHaveCount(1);
    await page.getByTestId('toggle-system-instances').click();

    // Rename; then open it again after the query changed.
    await page.getByTestId('saved-queries').click();
    await saved.getByTestId('saved-rename').click();
    await saved.getByTestId('rename-input').fill('Payments that failed');
    await saved.getByTestId('rename-input').press('Enter');
    await expect(saved.getByTestId('saved-item')).toHaveAttribute(
      'data-name',
      'Payments that failed',
    );
    await page.keyboard.press('Escape');
    await query.setJson(JSON.stringify({ from: { instance: 'shop' } }));
    await page.getByTestId('saved-queries').click();
    await saved.getByTestId('saved-open').click();
    await expect(page.getByTestId('time-range-label')).toHaveText('Last 7 days');
    await expect.poll(async () => (await query.jsonQuery()).where?.[0]).toEqual(q.where![0]);

    // Export to a file, delete, import the file back: the same list.
    await page.getByTestId('saved-queries').click();
    const download = page.waitForEvent('download');
    await saved.getByTestId('saved-export').click();
    const file = testInfo.outputPath('saved-queries.json');
    await (await download).saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    expect(exported).toEqual({
      format: 'eventlens.saved-queries',
      version: 1,
      queries: [{ name: 'Payments that failed', query: q, timeRange: { last: '7d' } }],
    });
    await saved.getByTestId('saved-delete').click();
    await expect(saved.getByTestId('saved-item')).toHaveCount(0);

    await saved.getByTestId('saved-import-file').setInputFiles(file);
    await expect(saved.getByTestId('import-plan')).toContainText('Import 1 query: 1 new');
    await saved.getByTestId('import-confirm').click();
    await expect(saved.getByTestId('saved-item')).toHaveAttribute(
      'data-name',
      'Payments that failed',
    );

    // A broken file is refused whole, with the path of what is wrong.
    const bad = testInfo.outputPath('bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        format: 'eventlens.saved-queries',
        version: 1,
        queries: [{ name: 'x', query: { from: {} } }],
      }),
    );
    await saved.getByTestId('saved-import-file').setInputFiles(bad);
    await expect(saved.getByTestId('saved-message')).toContainText(
      'bad.json: queries[0].query.from.instance',
    );
    await expect(saved.getByTestId('saved-item')).toHaveCount(1);

    // Kept in the database: still there after a reload; the history has the queries run.
    await page.reload();
    await query.selectInstance('shop');
    await page.getByTestId('saved-queries').click();
    await expect(page.getByTestId('saved-item')).toHaveAttribute(
      'data-name',
      'Payments that failed',
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('history').click();
    await expect(page.getByTestId('history-item').first()).toBeVisible();
    await expect(page.getByTestId('history-list')).toContainText(
      'shop · 1 condition · Last 7 days',
    );
  });

  test('copy as JSON, a command line and an SDK call: each runs the same query', async ({
    query,
    page,
    shopDb,
  }) => {
    await query.setJson(JSON.stringify(failedPayments));
    const total = await query.tableTotal();
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: query.server.origin });
    const copy = async (form: string) => {
      await page.getByTestId('copy-as').click();
      await page.getByTestId(`copy-as-${form}`).click();
      return page.evaluate(() => navigator.clipboard.readText());
    };

    expect(JSON.parse(await copy('json'))).toEqual(failedPayments);

    // The command line, run by a real shell (the value holds a quote: the quoting must hold).
    const command = await copy('cli');
    expect(command.startsWith("eventlens queryEvents '")).toBe(true);
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-bin-'));
    fs.symlinkSync(cliLauncher, path.join(bin, 'eventlens'));
    try {
      const { stdout } = await promisify(execFile)('sh', ['-c', `${command} --compact`], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, EVENTLENS_DB: shopDb },
      });
      const envelope = JSON.parse(stdout) as {
        success: boolean;
        data: { result: { total: number } };
      };
      expect(envelope.success).toBe(true);
      expect(envelope.data.result.total).toBe(total);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }

    // The SDK call, evaluated against a stand-in eventLog: it passes exactly the query.
    const sdk = await copy('sdk');
    expect(sdk.startsWith('await eventLog.queryEvents({')).toBe(true);
    // Evaluated in Node against a stand-in eventLog (the app's CSP rightly refuses eval).
    let evaluated: unknown;
    const eventLog = { queryEvents: (q: unknown) => Promise.resolve((evaluated = q)) };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the copied code is the test
    const run = new Function('eventLog', `return (async () => { ${sdk} })();`) as (
      e: unknown,
    ) => Promise<void>;
    await run(eventLog);
    expect(evaluated).toEqual(failedPayments);
  });
});
