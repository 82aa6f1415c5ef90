import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bookmarkSetEvent } from '../../src-shared/contract/bookmarks';
import type { Query } from '../../src-shared/contract/query';
import type { EventRecord, QueryResult } from '../../src-shared/contract/records';
import { systemInstanceName } from '../../src-shared/contract/system-instance';
import { Engine } from '../../src-main/engine/engine';
import { cliLauncher, requireBuild } from '../../src-main/test-support/built-cli';
import { dataset } from '../../src-main/test-support/datasets';
import { startServeProcess, type ServeProcess } from '../../src-main/test-support/serve-process';
import { AppPage } from '../pages/app-page';

/**
 * Bookmarks on a real log (Loghub's OpenSSH, 2,000 events, a stream per session pid): marked
 * with notes from the keyboard, shown in the table and the histogram, kept across a reload,
 * exported with the saved queries and imported into a fresh database holding the same log
 * (imported again, so its generated event ids differ).
 */
const openSsh = dataset('loghub', 'OpenSSH', 'OpenSSH_2k.log_structured.csv');
const shots = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');

interface Fixtures {
  folder: string;
}
const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
  folder: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-bookmarks-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
});
test.describe.configure({ timeout: 150_000 });

/** A database with the OpenSSH log imported by the CLI, as a user would. */
function sshDb(folder: string, name: string): string {
  requireBuild();
  const db = path.join(folder, `${name}.db`);
  execFileSync(
    process.execPath,
    [cliLauncher, 'import', openSsh, '--instance', 'OpenSSH', '--year', '2017', '--db', db],
    { stdio: 'ignore' },
  );
  return db;
}

async function queryEvents(server: ServeProcess, query: Query): Promise<QueryResult> {
  const res = await fetch(`${server.origin}/api/queryEvents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ params: { query } }),
  });
  const envelope = (await res.json()) as { success: boolean; data: { result: QueryResult } };
  expect(envelope.success).toBe(true);
  return envelope.data.result;
}

async function openInstance(app: AppPage): Promise<void> {
  await app.open();
  await app.selectInstance('OpenSSH');
  await app.waitForRows();
  await expect(app.page.getByTestId('histogram')).toHaveAttribute('data-state', 'ready');
}

/** Selects the row, marks it with `m`, writes the note, picks the colour, Enter. */
async function mark(app: AppPage, index: number, note: string, colour: string): Promise<string> {
  const row = app.row(index);
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await app.page.keyboard.press('m');
  const editor = app.page.getByTestId('bookmark-editor');
  await expect(editor.getByTestId('bookmark-note')).toBeFocused();
  await editor.getByTestId(`bookmark-colour-${colour}`).click();
  await editor.getByTestId('bookmark-note').fill(note);
  await editor.getByTestId('bookmark-note').press('Enter');
  await expect(editor).not.toBeVisible();
  await expect(row).toHaveAttribute('data-bookmark', colour);
  await expect(row).toHaveAttribute('title', `Bookmark: ${note}`);
  return (await row.getAttribute('data-event-id'))!;
}

function marked(page: Page) {
  return page.locator('[data-testid="event-row"][data-bookmark]');
}

test('bookmarks with notes: table and histogram, kept across a reload, exported and imported into a fresh database', async ({
  page,
  folder,
}, testInfo) => {
  const first = await startServeProcess(sshDb(folder, 'first'));
  const fresh = sshDb(folder, 'fresh');
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    const app = new AppPage(page, first);
    await openInstance(app);

    const failedId = await mark(app, 1, 'first failed password for root', 'red');
    const breakInId = await mark(app, 4, 'reverse mapping: POSSIBLE BREAK-IN', 'blue');
    await expect(marked(page)).toHaveCount(2);
    await expect(page.getByTestId('histogram-bookmark')).toHaveCount(2);
    await expect(page.getByTestId('bookmarks-count')).toHaveText('2');

    // In the database: BookmarkSet events in _eventlens/bookmarks.
    const stored = await queryEvents(first, {
      from: { instance: '_eventlens', stream: 'bookmarks' },
    });
    const events = stored.events as EventRecord[];
    expect(events.map((e) => [e.event_type, e.payload.eventId, e.payload.note])).toEqual([
      ['BookmarkSet', failedId, 'first failed password for root'],
      ['BookmarkSet', breakInId, 'reverse mapping: POSSIBLE BREAK-IN'],
    ]);

    // m on a marked event, then Enter: unmarked (a BookmarkRemoved); m again marks it anew.
    await app.row(4).click();
    await page.keyboard.press('m');
    await expect(page.getByTestId('bookmark-remove')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(app.row(4)).not.toHaveAttribute('data-bookmark');
    await expect(page.getByTestId('histogram-bookmark')).toHaveCount(1);
    await mark(app, 4, 'reverse mapping: POSSIBLE BREAK-IN', 'blue');

    // ' and Shift+' step between the marks (wrapping round the loaded rows).
    await app.row(2).click();
    await page.keyboard.press("'");
    await expect(app.row(4)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press("'");
    await expect(app.row(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Shift+Quote');
    await expect(app.row(4)).toHaveAttribute('aria-selected', 'true');

    // Kept: the same marks after a reload.
    await page.reload();
    await app.waitLive();
    await app.selectInstance('OpenSSH');
    await app.waitForRows();
    await expect(marked(page)).toHaveCount(2);
    await expect(app.row(1)).toHaveAttribute('data-bookmark', 'red');
    await expect(page.getByTestId('histogram-bookmark')).toHaveCount(2);

    // The panel lists them in time order and opens one: its stream, the event selected.
    await page.getByTestId('bookmarks').click();
    const panel = page.getByTestId('bookmarks-panel');
    await expect(panel.getByTestId('bookmark-item')).toHaveCount(2);
    await expect(panel).toContainText('first failed password for root');
    await screens(page, 'bookmarks-panel', 1280, 800);
    await screens(page, 'bookmarks-panel', 1024, 700);
    await panel
      .locator(`[data-testid="bookmark-item"][data-event-id="${breakInId}"]`)
      .getByTestId('bookmark-open')
      .click();
    const selected = page.locator('[data-testid="event-row"][aria-selected="true"]');
    await expect(selected).toHaveAttribute('data-event-id', breakInId);
    await expect(selected).toHaveAttribute('data-bookmark', 'blue');
    // The detail pane shows the event with its note.
    await expect(page.getByTestId('event-detail')).toHaveAttribute('data-event-id', breakInId);
    await expect(page.getByTestId('detail-bookmark-note')).toHaveText(
      'reverse mapping: POSSIBLE BREAK-IN',
    );
    const stream = (await selected.getAttribute('data-stream'))!;
    // The view is the event's stream (the address names it).
    await expect(page).toHaveURL(new RegExp(`[#&]stream=${encodeURIComponent(stream)}(&|$)`, 'u'));
    await screens(page, 'bookmarks-stream', 1280, 800);
    await page.getByTestId('bookmarks').click();
    await page.getByTestId('bookmarks-panel').getByTestId('bookmark-edit').first().click();
    await expect(page.getByTestId('bookmark-editor')).toBeVisible();
    await screens(page, 'bookmarks-editor', 1280, 800);
    await screens(page, 'bookmarks-editor', 1024, 700);
    await page.keyboard.press('Escape');

    // Export with the saved queries: the bookmarks by instance name, stream and number.
    await page.getByTestId('saved-queries').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('saved-export').click();
    const file = testInfo.outputPath('saved.json');
    await (await download).saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      version: number;
      bookmarks: { instance: string; note: string; colour: string }[];
    };
    expect(exported.version).toBe(2);
    expect(exported.bookmarks.map((b) => [b.instance, b.note, b.colour]).sort()).toEqual([
      ['OpenSSH', 'first failed password for root', 'red'],
      ['OpenSSH', 'reverse mapping: POSSIBLE BREAK-IN', 'blue'],
    ]);
    expect(JSON.stringify(exported)).not.toContain(failedId);
  } finally {
    expect(await first.stop()).toBe(0);
  }

  // A fresh database with the same log: the file's bookmarks find their events there.
  const second = await startServeProcess(fresh);
  try {
    const app = new AppPage(page, second);
    await openInstance(app);
    await expect(marked(page)).toHaveCount(0);
    await page.getByTestId('saved-queries').click();
    const saved = page.getByTestId('saved-queries-panel');
    await saved.getByTestId('saved-import-file').setInputFiles(testInfo.outputPath('saved.json'));
    await expect(saved.getByTestId('import-plan-bookmarks')).toHaveText('2 bookmarks: 2 new.');
    await saved.getByTestId('import-confirm').click();
    await expect(saved.getByTestId('saved-message')).toHaveText(
      'Imported 0 queries and 2 bookmarks',
    );
    await page.keyboard.press('Escape');
    await expect(marked(page)).toHaveCount(2);
    await expect(app.row(1)).toHaveAttribute('data-bookmark', 'red');
    await expect(app.row(1)).toHaveAttribute('title', 'Bookmark: first failed password for root');
    await expect(page.getByTestId('histogram-bookmark')).toHaveCount(2);
    await screens(page, 'bookmarks-table', 1280, 800);
    await screens(page, 'bookmarks-table', 1024, 700);
  } finally {
    expect(await second.stop()).toBe(0);
  }
});

test("a bookmark deep in a long stream: ' reaches it from another stream, the panel opens at it", async ({
  page,
  folder,
}) => {
  // 15,000 events in one stream: its 14,000th is 28 pages of 500 past the first.
  const db = path.join(folder, 'long.db');
  const engine = Engine.open(db);
  let deep: EventRecord;
  try {
    const t0 = Date.UTC(2024, 0, 1);
    const at = (i: number) => new Date(t0 + i * 1000).toISOString();
    for (let i = 0; i < 15; i++) {
      const batch = Array.from({ length: 1000 }, (_, k) => ({
        stream_id: 'long',
        event_type: 'tick',
        timestamp: at(i * 1000 + k),
        payload: { n: i * 1000 + k + 1 },
      }));
      const appended = engine.append('logs', batch, true);
      if (i === 13) deep = appended.events[999]!;
    }
    const { instance } = engine.append(
      'logs',
      [{ stream_id: 'short', event_type: 'tock', timestamp: at(20_000) }],
      false,
    );
    const instanceId = instance.id;
    engine.append(
      systemInstanceName,
      [
        bookmarkSetEvent({
          instanceId,
          instance: 'logs',
          eventId: deep!.id,
          stream: 'long',
          sequence: deep!.sequence_number,
          timestamp: deep!.timestamp,
          eventType: 'tick',
          note: 'the deep one',
          colour: 'green',
        }),
      ],
      true,
    );
  } finally {
    engine.close();
  }
  expect(deep!.sequence_number).toBe(14_000);
  const server = await startServeProcess(db);
  try {
    const app = new AppPage(page, server);
    await app.open();
    await app.selectInstance('logs');
    await app.stream('short').click();
    await app.waitForRows();
    const selected = page.locator('[data-testid="event-row"][aria-selected="true"]');
    // Before: "No loaded event is bookmarked", as no row of this stream is one.
    await app.row(0).click();
    await page.keyboard.press("'");
    await expect(selected).toHaveAttribute('data-event-id', deep!.id);
    await expect(selected).toHaveAttribute('data-bookmark', 'green');
    await expect(selected).toBeInViewport();
    await expect(page.getByTestId('event-detail')).toHaveAttribute('data-event-id', deep!.id);

    // From the panel, after another stream again: opened at the event, not paged up to it.
    await app.stream('short').click();
    await expect(selected).toHaveCount(0);
    await page.getByTestId('bookmarks').click();
    await page.getByTestId('bookmarks-panel').getByTestId('bookmark-open').click();
    await expect(selected).toHaveAttribute('data-event-id', deep!.id);
    await expect(selected).toBeInViewport();
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

/** Light and dark screenshots at one size, for people to look at (test-results/screens). */
async function screens(page: Page, name: string, width: number, height: number): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await page.screenshot({ path: path.join(shots, `${name}-${width}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (before) await page.setViewportSize(before);
}
