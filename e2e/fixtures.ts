import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServeProcess, type ServeProcess } from '../src-main/test-support/serve-process';
import { AppPage } from './pages/app-page';
import { ImportPage } from './pages/import-page';
import { QueryPage } from './pages/query-page';
import { ViewPage } from './pages/view-page';
import { stopAfterUse } from './support/fixture-steps';

interface Fixtures {
  /** A fresh database file in its own temp folder, removed after the test. */
  dbFile: string;
  /** `eventlens serve --db <dbFile> --port 0`, a real process, stopped after the test. */
  server: ServeProcess;
  shell: AppPage;
  /** The main screen's page object (not opened yet: seed the database first, then open()). */
  app: AppPage;
  /** The import dialog's page object. */
  imp: ImportPage;
  /** The query layer's page object on this server (seed the database before open()). */
  query: QueryPage;
  /** The view's page object (address, time range, detail) on this server. */
  view: ViewPage;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
  dbFile: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-e2e-'));
    await use(path.join(dir, 'e2e.db'));
    fs.rmSync(dir, { recursive: true, force: true });
  },
  server: async ({ dbFile }, use) => stopAfterUse(await startServeProcess(dbFile), use),
  shell: async ({ page, server }, use) => {
    await use(new AppPage(page, server));
  },
  app: async ({ page, server, dbFile }, use) => {
    await use(new AppPage(page, server, dbFile));
  },
  imp: async ({ page, server }, use) => {
    await use(new ImportPage(page, server));
  },
  query: async ({ page, server, dbFile }, use) => {
    await use(new QueryPage(page, server, dbFile));
  },
  view: async ({ page, server }, use) => {
    await use(new ViewPage(page, server));
  },
});

export { expect };
