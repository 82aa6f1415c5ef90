import { expect, test } from '../fixtures';
import { cliData } from '../support/cli';
import { withEngine } from '../support/seed';

test.describe('event table', () => {
  test('shows N of M exactly, pages by cursor while scrolling, and keeps the DOM bounded', async ({
    app,
  }) => {
    expect(await app.openShop({ count: 3_000 })).toBe(3_000);
    await expect(app.showing).toContainText('of 3,000 events');
    const firstShown = Number(await app.showing.getAttribute('data-shown'));
    expect(firstShown).toBeLessThan(3_000);
    // Newest first by default: times never increase down the table.
    const times = await app.rowValues({ column: 'timestamp' });
    expect(times).toEqual([...times].sort().reverse());

    await app.table.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect
      .poll(async () => Number(await app.showing.getAttribute('data-shown')))
      .toBeGreaterThan(firstShown);
    const shown = async () => Number(await app.showing.getAttribute('data-shown'));
    for (let i = 0; i < 20 && (await shown()) < 3_000; i++) {
      const before = await shown();
      await app.table.evaluate((el) => (el.scrollTop = el.scrollHeight));
      await expect.poll(shown).toBeGreaterThan(before);
    }
    await expect(app.showing).toHaveAttribute('data-shown', '3000');
    await expect(app.showing).toContainText('Showing 3,000 of 3,000 events');
    expect(await app.rows.count()).toBeLessThan(80);
  });

  test('cuts long values to their cell with an ellipsis, the summary to the pane', async ({
    app,
    page,
    dbFile,
  }) => {
    const longStream = `tenant-${'x'.repeat(100)}`;
    const wideStream = '注文'.repeat(40);
    withEngine(dbFile, (e) => {
      e.createInstance('long');
      const t = Date.UTC(2026, 0, 1);
      e.append(
        'long',
        [
          {
            stream_id: longStream,
            event_type: `Very${'Long'.repeat(30)}`,
            timestamp: t,
            payload: { message: `${'m'.repeat(150)} end` },
          },
          {
            stream_id: wideStream,
            event_type: '支払い完了😀'.repeat(10),
            timestamp: t + 1000,
            payload: { message: 'ok 😀 '.repeat(60) },
          },
          { stream_id: 'short', event_type: 'Paid', timestamp: t + 2000, payload: { n: 1 } },
        ],
        false,
      );
    });
    expect(await app.openInstance('long')).toBe(3);
    // Where each cell's text ends, against its cell's box (text is cut in script, not clipped).
    const cells = await app.rows.evaluateAll((rows) =>
      rows.flatMap((row) =>
        ['stream_id', 'event_type', 'summary'].map((column) => {
          const cell = row.querySelector<HTMLElement>(`[data-column="${column}"]`)!;
          const range = document.createRange();
          range.selectNodeContents(cell);
          const box = cell.getBoundingClientRect();
          const pane = row.closest<HTMLElement>('[data-testid="event-table"]')!;
          return {
            paneRight: pane.getBoundingClientRect().left + pane.clientWidth,
            stream: row.dataset.stream!,
            column,
            text: cell.textContent,
            textRight: range.getBoundingClientRect().right,
            contentRight: box.right - 8,
          };
        }),
      ),
    );
    for (const c of cells) {
      expect(c.textRight, `${c.column} of ${c.stream}`).toBeLessThanOrEqual(c.contentRight + 0.5);
      if (c.stream === 'short') expect(c.text).not.toContain('…');
      else expect(c.text, `${c.column} of ${c.stream}`).toMatch(/…$/u);
      // The summary takes the width the pane leaves it: cut where it is seen, not past the
      // pane's edge (its nominal 600 px would run past it at 1280 px with the detail open).
      if (c.column === 'summary' && c.stream !== 'short') {
        expect(c.textRight).toBeLessThanOrEqual(c.paneRight);
        expect(c.textRight).toBeGreaterThan(c.paneRight - 30);
      }
    }
    // The whole values are still the row's: the detail pane shows them.
    const row = (stream: string) =>
      page.locator(`[data-testid="event-row"][data-stream="${stream}"]`);
    await row(longStream).click();
    await expect(page.getByTestId('event-detail')).toContainText(longStream);
    await row(wideStream).click();
    await expect(page.getByTestId('event-detail')).toContainText(wideStream);
  });

  test('sorts on the server by any column, including a payload field', async ({
    app,
    page,
    dbFile,
  }) => {
    await app.openShop({ count: 800 });
    await page.locator('[role="columnheader"][data-column="sequence_number"] button').click();
    await expect(
      page.locator('[role="columnheader"][data-column="sequence_number"]'),
    ).toHaveAttribute('aria-sort', 'ascending');
    await app.waitForRows();
    await expect(app.row(0).locator('[data-column="sequence_number"]')).toHaveText('1');
    await page.locator('[role="columnheader"][data-column="sequence_number"] button').click();
    const max = await cliData<{ streams: { eventCount: number }[] }>(
      'listStreams',
      { instanceId: 'shop', orderBy: 'count', limit: 1 },
      dbFile,
    );
    await expect(app.row(0).locator('[data-column="sequence_number"]')).toHaveText(
      String(max.streams[0]!.eventCount),
    );

    // A payload column from the column chooser, sorted by it.
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-filter').fill('latency');
    await page.locator('[data-testid="field-option"][data-path="payload.latencyMs"] input').check();
    await page.keyboard.press('Escape');
    const header = page.locator('[role="columnheader"][data-column="payload.latencyMs"]');
    await header.locator('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await header.locator('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    const top = await cliData<{ result: { events: { payload: { latencyMs: number } }[] } }>(
      'queryEvents',
      {
        query: {
          from: { instance: 'shop' },
          orderBy: { field: 'payload.latencyMs', direction: 'desc' },
          limit: 1,
        },
      },
      dbFile,
    );
    await expect(app.row(0).locator('[data-column="payload.latencyMs"]')).toHaveText(
      String(top.result.events[0]!.payload.latencyMs),
    );
  });

  test('the column chooser offers every payload and metadata path found', async ({
    app,
    page,
    dbFile,
  }) => {
    await app.openShop({ count: 300 });
    await page.getByTestId('column-chooser').click();
    const described = await cliData<{ fields: { path: string }[] }>(
      'describeFields',
      { instanceId: 'shop' },
      dbFile,
    );
    const options = page.getByTestId('field-option');
    await expect(options).toHaveCount(described.fields.length);
    expect(described.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['payload.user.id', 'metadata.traceId', 'payload.items']),
    );
    await page.locator('[data-testid="field-option"][data-path="metadata.agent"] input').check();
    await expect(page.locator('[role="columnheader"][data-column="metadata.agent"]')).toBeVisible();
    await expect(app.row(0).locator('[data-column="metadata.agent"]')).toHaveText(/\//u);
  });

  test('local and UTC time', async ({ browser, server, dbFile }) => {
    withEngine(dbFile, (e) => {
      e.createInstance('t');
      e.append('t', [{ stream_id: 's', timestamp: '2026-03-01T12:00:00.000Z' }], false);
    });
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page
      .locator(
        '[data-testid="instance-node"][data-instance-name="t"] [data-testid="instance-item"]',
      )
      .click();
    const cell = page.locator('[data-testid="event-row"] [data-column="timestamp"]').first();
    await page.getByTestId('tz-local').click();
    await expect(cell).toHaveText('2026-03-01 21:00:00.000');
    await page.getByTestId('tz-utc').click();
    await expect(cell).toHaveText('2026-03-01 12:00:00.000');
    await expect(page.locator('[role="columnheader"][data-column="timestamp"]')).toContainText(
      'UTC',
    );
    await context.close();
  });
});

test.describe('stream view', () => {
  test('sequence order, newest first, and flags for gaps and times going backwards', async ({
    app,
    page,
    dbFile,
  }) => {
    withEngine(dbFile, (e) => {
      e.createInstance('s');
      const t = Date.UTC(2026, 0, 1);
      e.append(
        's',
        [
          { stream_id: 'acct-1', event_type: 'Opened', timestamp: t },
          { stream_id: 'acct-1', event_type: 'Deposited', timestamp: t + 1000 },
          { stream_id: 'acct-1', event_type: 'Noted', timestamp: t + 2000 },
          { stream_id: 'acct-1', event_type: 'Noted', timestamp: t + 3000 },
          // Recorded late: its time is earlier than the previous event's.
          { stream_id: 'acct-1', event_type: 'Deposited', timestamp: t + 500 },
          { stream_id: 'other', event_type: 'Opened', timestamp: t },
        ],
        false,
      );
    });
    await app.open();
    await app.selectInstance('s');
    await app.stream('acct-1').click();
    expect(await app.waitForRows()).toBe(5);
    const seqs = () => app.rowValues({ attribute: 'data-seq' });
    await expect.poll(seqs).toEqual(['1', '2', '3', '4', '5']);
    await expect(app.row(4).locator('[data-flag="backwards"]')).toBeVisible();
    await expect(app.rows.locator('[data-flag="gap"]')).toHaveCount(0);

    await page.getByTestId('newest-first').check();
    await expect.poll(seqs).toEqual(['5', '4', '3', '2', '1']);
    await expect(app.row(0).locator('[data-flag="backwards"]')).toBeVisible();

    // Filtering out the "Noted" events leaves a gap of two between 2 and 5.
    await page.getByTestId('newest-first').uncheck();
    await app.filter.fill('-event_type:Noted');
    await app.filter.press('Enter');
    await expect.poll(seqs).toEqual(['1', '2', '5']);
    await expect(app.row(2).locator('[data-flag="gap"]')).toHaveText('+2');
    // Visible means inside its cell: a cell clips what overflows it, and toBeVisible does not
    // see clipping.
    const cell = (await app.row(2).locator('[data-column="sequence_number"]').boundingBox())!;
    for (const flag of ['gap', 'backwards']) {
      const box = (await app.row(2).locator(`[data-flag="${flag}"]`).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(cell.x);
      expect(box.x + box.width).toBeLessThanOrEqual(cell.x + cell.width);
      expect(box.y).toBeGreaterThanOrEqual(cell.y);
      expect(box.y + box.height).toBeLessThanOrEqual(cell.y + cell.height);
    }
  });
});
