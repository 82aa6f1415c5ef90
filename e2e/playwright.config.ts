import { defineConfig } from '@playwright/test';
import path from 'node:path';

/**
 * End-to-end tests against the real thing: `eventlens serve` (a real process, a temp database
 * per test) in real Chromium. Playwright never downloads a browser here: Chromium comes from the
 * system (apt), `EVENTLENS_CHROMIUM` overrides the path.
 */
const chromium = process.env.EVENTLENS_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: import.meta.dirname,
  outputDir: path.join(import.meta.dirname, '..', 'test-results'),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  // Two cores shared with other work: two workers keep it quick without starving the servers.
  workers: 2,
  reporter: [['list']],
  use: {
    headless: true,
    // The size the screenshots are judged at (UI-BRIEFING).
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'browser',
      testMatch: 'browser/**/*.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromium,
          // Without the networking flags Chromium floods the closed network (TOOLCHAIN.md).
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
