import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Query } from '../../src-shared/contract/query';
import { cliLauncher } from '../../src-main/test-support/built-cli';
import { expect, test } from '../fixtures';
import type { AppPage } from '../pages/app-page';
import { cliData } from '../support/cli';
import { dataset } from '../support/datasets';

/**
 * The search box on the real datasets (issue 20): words found in every field in any case,
 * phrases, exclusions, regular expressions, the matches marked in the table and the detail
 * pane, n / N between matching events, and the context of an event ("Around this event",
 * "Show in stream"). Counts are checked against the CLI's, on the same file.
 */
const shots = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');

function importFile(dbFile: string, file: string, instance: string): void {
  execFileSync(
    process.execPath,
    [cliLauncher, 'import', file, '--instance', instance, '--db', dbFile],
    {
      stdio: 'ignore',
    },
  );
}

async function count(dbFile: string, query: Query): Promise<number> {
  const data = await cliData<{ result: { total: number } }>(
    'queryEvents',
    { query: { ...query, limit: 1 } },
    dbFile,
  );
  return data.result.total;
}

async function ids(dbFile: string, query: Query): Promise<string[]> {
  const data = await cliData<{ result: { events: { id: string }[] } }>(
    'queryEvents',
    { query: { ...query, limit: 10_000 } },
    dbFile,
  );
  return data.result.events.map((e) => e.id);
}

const any = (operator: 'icontains' | 'imatches', value: string) =>
  ({ field: '*', operator, value }) as const;

/** The text of every marked match in the table's cells (CSS Custom Highlight API ranges). */
function tableMarks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const h = CSS.highlights.get('search-match');
    return h ? [...h].filter((r) => (r as Range).startContainer.isConnected).map(String) : [];
  });
}

async function search(app: AppPage, text: string): Promise<number> {
  await app.filter.fill(text);
  await app.filter.press('Enter');
  return app.waitForRows();
}

async function both(page: Page, name: string, check: () => Promise<void>) {
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await check();
      await page.screenshot({
        path: path.join(shots, `search-${name}-${size.width}x${size.height}-${scheme}.png`),
      });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.describe('search', () => {
  test.setTimeout(120_000);

  test('Apache: Googlebot in every field, any case, marked in the table and the detail; n / N', async ({
    app,
    page,
    dbFile,
  }) => {
    importFile(dbFile, dataset('elastic-apache-access', 'apache_logs'), 'web');
    const expected = await count(dbFile, {
      from: { instance: 'web' },
      where: [any('icontains', 'Googlebot')],
    });
    expect(expected).toBeGreaterThan(500);
    await app.openInstance('web');

    expect(await search(app, 'googleBOT')).toBe(expected);
    await expect(app.chips).toHaveText(['"googleBOT"']);
    await expect.poll(() => tableMarks(page)).not.toEqual([]);
    for (const mark of await tableMarks(page)) expect(mark.toLowerCase()).toBe('googlebot');

    await app.row(0).click();
    await expect(app.detail).toBeVisible();
    const marks = app.detail.getByTestId('search-match');
    await expect(marks.first()).toHaveText(/^googlebot$/iu);
    await expect(
      app.detail.locator('[data-path="payload.agent"]').getByTestId('search-match'),
    ).toHaveCount(1);
    await both(page, 'googlebot', () => expect(marks.first()).toBeVisible());

    // n / N and F3 / Shift+F3: every event of the result matches, so they step through it.
    const selected = page.locator('[data-testid="event-row"][aria-selected="true"]');
    await app.table.focus();
    await page.keyboard.press('n');
    await expect(selected).toHaveAttribute('data-index', '1');
    await page.keyboard.press('F3');
    await expect(selected).toHaveAttribute('data-index', '2');
    await page.keyboard.press('Shift+N');
    await expect(selected).toHaveAttribute('data-index', '1');
    await page.keyboard.press('Shift+F3');
    await expect(selected).toHaveAttribute('data-index', '0');
  });

  test('Zeek DNS: a word of a query name, found in any case, marked in the table and the detail', async ({
    app,
    page,
    dbFile,
  }) => {
    // 53,615 real DNS records: the import and its text index take a while on a loaded machine.
    test.setTimeout(300_000);
    importFile(dbFile, dataset('zeek-wrccdc', 'dns.json.gz'), 'dns');
    // "snozberry.oompa.loompa" is one of the names the competition's hosts looked up.
    const expected = await count(dbFile, {
      from: { instance: 'dns' },
      where: [any('icontains', 'snozberry')],
    });
    expect(expected).toBeGreaterThan(500);
    await app.open();
    await app.selectInstance('dns');
    await app.waitForRows();

    expect(await search(app, 'SnozBerry')).toBe(expected);
    await expect(app.chips).toHaveText(['"SnozBerry"']);
    await expect.poll(() => tableMarks(page)).not.toEqual([]);
    for (const mark of await tableMarks(page)) expect(mark.toLowerCase()).toBe('snozberry');

    await app.row(0).click();
    await expect(app.detail).toBeVisible();
    const inQuery = app.detail.locator('[data-path="payload.query"]').getByTestId('search-match');
    await expect(inQuery).toHaveCount(1);
    await expect(inQuery).toHaveText(/^snozberry$/iu);
    await both(page, 'zeek-dns', () => expect(inQuery).toBeVisible());

    // A field by the name the detail pane shows: Zeek's key "id.orig_h" has dots in it (the
    // import keeps it in the metadata). Typed as shown, it was searched as the word
    // "id.orig_h:10.47.1.100" and found nothing.
    await app.page.getByTestId('clear-filters').click();
    await app.waitForRows();
    const byHost = await count(dbFile, {
      from: { instance: 'dns' },
      where: [{ field: 'metadata["id.orig_h"]', operator: 'eq', value: '10.47.1.100' }],
    });
    expect(byHost).toBeGreaterThan(0);
    expect(await search(app, 'id.orig_h:10.47.1.100')).toBe(byHost);
    await expect(app.chips).toHaveText([/^metadata\["id\.orig_h"\] = "?10\.47\.1\.100"?$/u]);
  });

  test('a phrase, an exclusion, a regex, and a bad regex that sends nothing', async ({
    app,
    page,
    dbFile,
  }) => {
    importFile(dbFile, dataset('gharchive', '2021-07-21-few-hours.json'), 'gh');
    importFile(dbFile, dataset('elastic-apache-access', 'apache_logs'), 'web');
    await app.openInstance('gh');

    const phrase = await count(dbFile, {
      from: { instance: 'gh' },
      where: [any('icontains', 'merge pull request')],
    });
    const word = await count(dbFile, {
      from: { instance: 'gh' },
      where: [any('icontains', 'merge')],
    });
    expect(phrase).toBeGreaterThan(0);
    expect(phrase).toBeLessThan(word);
    expect(await search(app, '"Merge pull request"')).toBe(phrase);
    await expect(app.chips).toHaveText(['"Merge pull request"']);
    // GH Archive's phrases are deep in the payload (a commit's message): the detail marks them.
    await app.row(0).click();
    await expect(app.detail.getByTestId('search-match').first()).toHaveText(
      /^merge pull request$/iu,
    );

    await app.selectInstance('web');
    await app.waitForRows();
    const excluded = await count(dbFile, {
      from: { instance: 'web' },
      where: [any('icontains', 'googlebot'), { not: any('icontains', 'iphone') }],
    });
    expect(await search(app, 'googlebot -iphone')).toBe(excluded);
    await expect(app.chips).toHaveText(['"googlebot"', 'not "iphone"']);

    await page.getByTestId('clear-filters').click();
    await app.waitForRows();
    const regex = await count(dbFile, {
      from: { instance: 'web' },
      where: [any('imatches', 'googlebot/2\\.\\d')],
    });
    expect(await search(app, '/googlebot\\/2\\.\\d/')).toBe(regex);
    await expect(app.chips).toHaveText(['/googlebot/2\\.\\d/']);
    // A match that the cell's "…" cuts is marked up to the cut.
    for (const mark of await tableMarks(page))
      expect(mark).toMatch(/^googlebot(\/(2(\.\d?)?)?)?$/iu);

    // The regex toggle reads words as patterns; a bad one is named, and no query is sent.
    await page.getByTestId('clear-filters').click();
    await app.waitForRows();
    let queries = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/queryEvents')) queries++;
    });
    await page.getByTestId('search-regex').click();
    await expect(page.getByTestId('search-regex')).toHaveAttribute('aria-pressed', 'true');
    await app.filter.fill('bot(');
    await app.filter.press('Enter');
    const problem = page.getByTestId('search-problem');
    await expect(problem).toHaveText(
      'not a valid regular expression: a "(" without its ")" at character 4',
    );
    await expect(app.filter).toHaveAttribute('aria-invalid', 'true');
    await expect(app.chips).toHaveCount(0);
    await both(page, 'bad-regex', () => expect(problem).toBeVisible());
    expect(queries).toBe(0);
    // Fixed in place, the message goes; Enter searches.
    await app.filter.fill('bot\\(');
    await expect(problem).toHaveCount(0);
    await app.filter.fill('Googlebot-Image');
    await app.filter.press('Enter');
    await expect(app.chips).toHaveText(['/Googlebot-Image/']);
  });

  test('around this event and show in stream, with the search still marked', async ({
    app,
    page,
    dbFile,
  }) => {
    importFile(dbFile, dataset('elastic-apache-access', 'apache_logs'), 'web');
    await app.openInstance('web');
    await search(app, 'googlebot');

    // The row's menu: "Around this event".
    await app.row(3).click({ button: 'right' });
    await page.getByTestId('row-menu-around').click();
    const bar = page.getByTestId('context-bar');
    await expect(bar).toHaveAttribute('data-kind', 'around');
    const marked = page.locator('[data-testid="event-row"].tr-marked');
    await expect(marked).toHaveCount(1);
    const anchorId = (await marked.getAttribute('data-event-id'))!;
    const anchor = (
      await cliData<{
        result: { events: { stream_id: string; sequence_number: number; timestamp: string }[] };
      }>(
        'queryEvents',
        {
          query: {
            from: { instance: 'web' },
            where: [{ field: 'id', operator: 'eq', value: anchorId }],
          },
        },
        dbFile,
      )
    ).result.events[0]!;
    const at = Date.parse(anchor.timestamp);
    const around: Query = {
      from: { instance: 'web' },
      where: [
        {
          or: [
            {
              and: [
                { field: 'stream_id', operator: 'eq', value: anchor.stream_id },
                {
                  field: 'sequence_number',
                  operator: 'between',
                  value: [Math.max(1, anchor.sequence_number - 10), anchor.sequence_number + 10],
                },
              ],
            },
            {
              field: 'timestamp',
              operator: 'between',
              value: [new Date(at - 5000).toISOString(), new Date(at + 5000).toISOString()],
            },
          ],
        },
      ],
      orderBy: { field: 'timestamp', direction: 'asc' },
    };
    const all = await ids(dbFile, around);
    const matching = await ids(dbFile, {
      ...around,
      where: [...around.where!, any('icontains', 'googlebot')],
    });
    // The neighbours are not all Googlebot's: the window shows them all, the search's marks stay.
    expect(all.length).toBeGreaterThan(matching.length);
    expect(await app.waitForRows()).toBe(all.length);
    await expect(marked).toHaveAttribute('aria-selected', 'true');
    await expect(marked).toBeInViewport();
    // Rows in view, each where the merged time order puts it.
    const shown = await app.rows.evaluateAll((els) =>
      els.map((el) => [Number(el.getAttribute('data-index')), el.getAttribute('data-event-id')]),
    );
    expect(shown.length).toBeGreaterThan(5);
    for (const [index, id] of shown) expect(id).toBe(all[index as number]);
    await expect.poll(() => tableMarks(page)).not.toEqual([]);
    await both(page, 'around', () => expect(marked).toBeVisible());

    // n goes to the next event that matches the search, skipping those that do not.
    const selected = page.locator('[data-testid="event-row"][aria-selected="true"]');
    const from = all.indexOf(anchorId);
    const next = matching.find((id) => all.indexOf(id) > from) ?? matching[0]!;
    await app.table.focus();
    await page.keyboard.press('n');
    await expect(selected).toHaveAttribute('data-event-id', next);

    // N and T: ±0 events and ±0 s leave the event alone.
    await page.getByTestId('around-events').fill('0');
    await page.getByTestId('around-events').press('Enter');
    await page.getByTestId('around-seconds').fill('0');
    await page.getByTestId('around-seconds').press('Enter');
    const alone = await ids(dbFile, {
      from: { instance: 'web' },
      where: [{ field: 'timestamp', operator: 'eq', value: anchor.timestamp }],
    });
    await expect.poll(() => app.table.getAttribute('data-total')).toBe(String(alone.length));

    // "Show in stream" from the detail pane: the whole stream, the event marked and in view.
    await page.getByTestId('context-back').click();
    await expect(bar).toHaveCount(0);
    expect(await app.waitForRows()).toBe(
      await count(dbFile, { from: { instance: 'web' }, where: [any('icontains', 'googlebot')] }),
    );
    await app.row(3).click();
    const id = (await app.row(3).getAttribute('data-event-id'))!;
    await page.getByTestId('show-in-stream').click();
    await expect(bar).toHaveAttribute('data-kind', 'stream');
    await expect(marked).toHaveAttribute('data-event-id', id);
    await expect(marked).toBeInViewport();
    // The page opened at the event is its stream's last: nothing more to load below it.
    await expect(page.getByTestId('rows-loading')).toHaveCount(0);
    await expect(app.detail.getByTestId('search-match').first()).toBeVisible();
    await both(page, 'in-stream', () => expect(marked).toBeVisible());
  });
});
