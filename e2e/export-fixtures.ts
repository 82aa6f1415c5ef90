import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliLauncher } from '../src-main/test-support/built-cli';
import { launchServing } from '../src-main/test-support/serve-process';
import { cachedDb, fillShop } from '../src-main/test-support/shop-db';
import { stopAfterUse, useCopyOf } from './support/fixture-steps';
import { ExportPage } from './pages/export-page';
import { expect, shopSpec, test as queryTest } from './query-fixtures';

/** A shop big enough that an export takes seconds (cancel, progress, memory): built once. */
export const bigShopSpec = { instance: 'shop', count: 300_000, seed: 7, streams: 3_000 } as const;

interface ExportFixtures {
  /** 'big': the 300,000-event shop instead of the 20,000-event one. */
  shopSize: 'small' | 'big';
  /** The server's TMPDIR: its export folder lives here, so tests can see what it leaves. */
  serverTmp: string;
  exporter: ExportPage;
}

export const test = queryTest.extend<ExportFixtures>({
  shopSize: ['small', { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
  serverTmp: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-export-tmp-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  shopDb: async ({ shopSize }, use) => {
    const spec = shopSize === 'big' ? bigShopSpec : shopSpec;
    const cached = cachedDb(`query-shop-${spec.count}-${spec.seed}-${spec.streams}`, (engine) =>
      fillShop(engine, spec),
    );
    await useCopyOf(cached, use);
  },
  shopServer: async ({ shopDb, serverTmp }, use) => {
    const server = await launchServing([cliLauncher, 'serve', '--db', shopDb, '--port', '0'], {
      ...process.env,
      TMPDIR: serverTmp,
    });
    await stopAfterUse(server, use);
  },
  exporter: async ({ page }, use) => {
    await use(new ExportPage(page));
  },
});

/** Every file under `dir` (the server's export folders included). */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

export { expect };
