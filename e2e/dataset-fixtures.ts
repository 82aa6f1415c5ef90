import { test as base, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../src-main/engine/db/migrations';
import { cliLauncher, requireBuild } from '../src-main/test-support/built-cli';
import { dataset } from '../src-main/test-support/datasets';
import { startServeProcess, type ServeProcess } from '../src-main/test-support/serve-process';
import { cacheDir } from '../src-main/test-support/shop-db';
import type { QueryPage } from './pages/query-page';
import { queryPageAt1280, stopAfterUse, useCopyOf } from './support/fixture-steps';

/**
 * Three real logs, imported as a new user would with the CLI (docs/importing.md): GH Archive
 * (800 events, 15 types), Zeek DNS (53,615) and the Apache access log (9,999), one instance
 * each: `gharchive`, `zeek`, `apache`.
 */
const sources: [instance: string, file: string][] = [
  ['gharchive', dataset('gharchive', '2021-07-21-few-hours.json')],
  ['zeek', dataset('zeek-wrccdc', 'dns.json.gz')],
  ['apache', dataset('elastic-apache-access', 'apache_logs')],
];

/** Built once (about 12 s) and reused; under a temporary name until complete. */
function datasetsDb(): string {
  requireBuild();
  const schema = migrations.map((m) => m.version).join('.');
  const file = path.join(cacheDir(), `datasets-gh-zeek-apache-schema${schema}.db`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(cacheDir(), { recursive: true });
  const tmp = `${file}.${process.pid}.building`;
  for (const [instance, source] of sources)
    execFileSync(
      process.execPath,
      [cliLauncher, 'import', source, '--instance', instance, '--db', tmp],
      {
        stdio: 'ignore',
      },
    );
  for (const suffix of ['-wal', '-shm']) fs.rmSync(tmp + suffix, { force: true });
  fs.renameSync(tmp, file);
  return file;
}

interface DatasetFixtures {
  /** The test's own copy of the three logs' database (the CLI may read it beside the server). */
  datasetsFile: string;
  datasetsServer: ServeProcess;
  /** The query layer's page object on the three real logs, at 1280×800. */
  real: QueryPage;
}

export const test = base.extend<DatasetFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
  datasetsFile: async ({}, use) => useCopyOf(datasetsDb(), use),
  datasetsServer: async ({ datasetsFile }, use) =>
    stopAfterUse(await startServeProcess(datasetsFile), use),
  real: async ({ page, datasetsServer }, use) => use(await queryPageAt1280(page, datasetsServer)),
});

export { expect };
