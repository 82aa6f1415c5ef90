import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, test } from '../fixtures';
import { bigNdjson } from '../support/big-file';
import { dataset } from '../support/datasets';

/**
 * Import through the UI in browser mode, with the real datasets: each file is uploaded to the
 * server, previewed, imported as a job on a worker thread, and checked against queryEvents.
 */

test.describe('import (browser mode)', () => {
  // Uploads, previews on worker threads and the imports themselves, on 2 shared cores.
  test.setTimeout(240_000);
  test('NDJSON (GH Archive): detected, previewed, 800 events with their 15 types', async ({
    page,
    app,
    imp,
  }) => {
    await app.open();
    await imp.mapFiles([dataset('gharchive', '2021-07-21-few-hours.json')]);
    await expect(imp.format.locator('option:checked')).toContainText('Detect');
    await expect(imp.previewRows.first()).toBeVisible();
    // The preview shows the events as they will be stored: GH Archive's preset maps the type.
    await expect(imp.previewRows.first().locator('td').nth(2)).toHaveText(/Event$/u);
    await imp.setMapping({ instance: 'gh' });
    await imp.runToDone();
    expect(await imp.importedCount()).toBe(800);
    await expect(page.getByTestId('import-bad-count')).toHaveText('No bad lines.');
    // The stored truth, by queryEvents: 800 events, 15 types, 425 pushes.
    expect(await imp.count('gh')).toBe(800);
    const byType = await imp.query({
      from: { instance: 'gh' },
      reduce: { type: 'count', groupBy: ['event_type'] },
    });
    const groups = (
      byType.aggregation as { groups: { key: { event_type: string }; count: number }[] }
    ).groups;
    expect(groups).toHaveLength(15);
    expect(groups.find((g) => g.key.event_type === 'PushEvent')?.count).toBe(425);
    // "Open in table" shows the new instance.
    await page.getByTestId('import-open-table').click();
    await expect(imp.dialog).toBeHidden();
    await expect(app.showing).toContainText('800');
  });

  test('CSV (Loghub HDFS): columns become fields; stream and time chosen by hand', async ({
    page,
    app,
    imp,
  }) => {
    await app.open();
    await imp.mapFiles([dataset('loghub', 'HDFS', 'HDFS_2k.log_structured.csv')]);
    await imp.setMapping({
      format: 'csv',
      instance: 'hdfs',
      stream: 'Component',
      type: 'EventId',
      time: '{Date} {Time}',
      timeFormat: 'custom',
      timePattern: 'yyMMdd HHmmss',
    });
    await expect(page.getByTestId('import-time-check')).toContainText('✓');
    await expect(imp.previewRows.first().locator('td').nth(3)).toHaveText(
      '2008-11-09T20:36:15.000Z',
    );
    await imp.runToDone();
    expect(await imp.importedCount()).toBe(2_000);
    expect(await imp.count('hdfs')).toBe(2_000);
    const e10 = await imp.query({
      from: { instance: 'hdfs' },
      where: [{ field: 'event_type', operator: 'eq', value: 'E10' }],
      limit: 1,
    });
    expect(e10.total).toBeGreaterThan(0);
  });

  test('Apache access log: the malformed line is reported with its number, 9,999 imported', async ({
    page,
    app,
    imp,
  }) => {
    await app.open();
    await imp.mapFiles([dataset('elastic-apache-access', 'apache_logs')]);
    await expect(imp.format.locator('option:checked')).toContainText('Apache');
    await imp.setMapping({ instance: 'web' });
    await imp.runToDone();
    expect(await imp.importedCount()).toBe(9_999);
    const bad = page.getByTestId('import-bad-line');
    await expect(bad).toHaveCount(1);
    await expect(bad.locator('td').nth(1)).toHaveText('8899');
    await expect(bad.locator('td').nth(2)).toContainText('apache-combined');
    expect(await imp.count('web')).toBe(9_999);
    // The report can be saved: a download with every bad line.
    const download = page.waitForEvent('download');
    await page.getByTestId('import-save-report').click();
    const file = await (await download).path();
    expect(fs.readFileSync(file, 'utf8')).toMatch(/apache_logs:8899: /u);
  });

  test('syslog RFC 3164 (OpenSSH) with the year given', async ({ app, imp }) => {
    await app.open();
    await imp.mapFiles([dataset('loghub', 'OpenSSH', 'OpenSSH_2k.log')]);
    await imp.setMapping({ format: 'syslog-rfc3164', instance: 'ssh', year: '2017' });
    await expect(imp.previewRows.first().locator('td').nth(3)).toHaveText(
      '2017-12-10T06:55:46.000Z',
    );
    await imp.runToDone();
    expect(await imp.importedCount()).toBe(2_000);
    expect(await imp.count('ssh')).toBe(2_000);
  });

  test('a gzip file (Zeek DNS) is uploaded and read as it is', async ({ app, imp }) => {
    await app.open();
    await imp.mapFiles([dataset('zeek-wrccdc', 'dns.json.gz')]);
    await expect(imp.previewStatus).toContainText('gzip');
    await imp.setMapping({ instance: 'dns' });
    await imp.runToDone();
    const lines = zlib
      .gunzipSync(fs.readFileSync(dataset('zeek-wrccdc', 'dns.json.gz')))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length;
    expect(await imp.importedCount()).toBe(lines);
    expect(await imp.count('dns')).toBe(lines);
  });

  test('custom regex with named groups (Loghub Apache error log)', async ({ page, app, imp }) => {
    await app.open();
    await imp.mapFiles([dataset('loghub', 'Apache', 'Apache_2k.log')]);
    await imp.setMapping({
      format: 'regex',
      pattern: '^\\[(?<time>[^\\]]+)\\] \\[(?<level>\\w+)\\] (?<message>.*)$',
      instance: 'apache-errors',
      stream: '=error_log',
      type: 'level',
      time: 'time',
      timeFormat: 'custom',
      timePattern: 'EEE MMM d HH:mm:ss yyyy',
    });
    await expect(page.getByTestId('import-time-check')).toContainText('✓');
    const first = imp.previewRows.first().locator('td');
    await expect(first.nth(1)).toHaveText('error_log');
    await expect(first.nth(2)).toHaveText('notice');
    await expect(first.nth(3)).toHaveText('2005-12-04T04:47:44.000Z');
    await imp.runToDone();
    expect(await imp.importedCount()).toBe(2_000);
    const errors = await imp.query({
      from: { instance: 'apache-errors' },
      where: [{ field: 'event_type', operator: 'eq', value: 'error' }],
      limit: 1,
    });
    expect(errors.total).toBeGreaterThan(0);
    expect(await imp.count('apache-errors')).toBe(2_000);
  });

  test('bad input: an empty file and an unparseable file give a clear error and write nothing', async ({
    page,
    imp,
    app,
  }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-import-bad-'));
    try {
      const empty = path.join(dir, 'empty.ndjson');
      fs.writeFileSync(empty, '');
      const junk = path.join(dir, 'junk.json');
      fs.writeFileSync(junk, '{"this is": not json at all\n[[[\n');
      await app.open();
      await imp.mapFiles([empty]);
      await imp.setMapping({ instance: 'never' });
      // Either the preview refuses the file, or it has nothing to import: never a silent success.
      const emptyOutcome = imp.previewError.or(imp.previewStatus.filter({ hasText: '0 events' }));
      await expect(emptyOutcome.first()).toBeVisible();
      if (await imp.start.isEnabled()) {
        await imp.run();
        expect(await imp.finished()).not.toBe('failed');
        expect(await imp.importedCount()).toBe(0);
        await page.getByTestId('import-again').click();
      } else {
        await page.getByTestId('import-back').click();
        await page.getByRole('button', { name: 'Remove empty.ndjson' }).click();
      }
      await imp.addFiles([junk]);
      await imp.toMapping();
      await imp.setMapping({ format: 'json', instance: 'never' });
      await expect(imp.previewError.or(imp.previewProblems.first())).toBeVisible();
      if (await imp.start.isEnabled()) {
        await imp.run();
        await imp.finished();
        expect(await imp.importedCount()).toBe(0);
        await expect(page.getByTestId('import-bad-count')).not.toHaveText('No bad lines.');
      }
      expect(await imp.instanceNames()).not.toContain('never');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test.describe('import: cancel', () => {
  test.setTimeout(240_000);

  test('cancel mid-import keeps whole batches: the count matches queryEvents, no partial batch', async ({
    page,
    imp,
    app,
  }) => {
    const file = bigNdjson(400_000);
    await app.open();
    await imp.mapFiles([file]);
    await imp.setMapping({
      instance: 'big',
      stream: 'user',
      type: 'action',
      time: 'ts',
      timeFormat: 'epoch-ms',
    });
    await imp.run();
    await expect(imp.progress).toBeVisible();
    // Cancel once some batches are committed (the progress says so), while it still runs.
    await expect(page.getByTestId('import-committed')).not.toHaveText('0 events', {
      timeout: 120_000,
    });
    await imp.cancel.click();
    expect(await imp.finished()).toBe('cancelled');
    const committed = await imp.importedCount();
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(400_000);
    // Batches of 5,000 (the default): a cancel never leaves part of one.
    expect(committed % 5_000).toBe(0);
    expect(await imp.count('big')).toBe(committed);
  });
});
