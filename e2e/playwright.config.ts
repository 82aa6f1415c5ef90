import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import path from 'node:path';

/**
 * End-to-end tests against the real thing: `eventlens serve` (a real process, a temp database
 * per test) in real Chromium. Playwright never downloads a browser here: Chromium comes from the
 * system (apt), `EVENTLENS_CHROMIUM` overrides the path.
 */
const chromium = process.env.EVENTLENS_CHROMIUM ?? '/usr/bin/chromium';

const heavySpecs = ['browser/perf.spec.ts', 'browser/query-cancel.spec.ts'];

const chromiumUse: PlaywrightTestConfig['use'] = {
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
};

export default defineConfig({
  testDir: import.meta.dirname,
  outputDir: path.join(import.meta.dirname, '..', 'test-results'),
  // Generous: the machines are 2 shared cores, and a loaded one makes every step slower.
  timeout: 60_000,
  expect: { timeout: 15_000 },
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
      testIgnore: heavySpecs,
      use: chromiumUse,
    },
    // The 1M-event timings and the minutes-long query to cancel run after the rest, one at a
    // time: beside other specs on two cores they measure the neighbours, not the app.
    {
      name: 'browser-heavy',
      testMatch: heavySpecs,
      dependencies: ['browser'],
      workers: 1,
      use: chromiumUse,
    },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
