import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bridgeGroups, bridgeKeys } from '../../src-shared/contract/bridge';
import { repoRoot } from '../../src-main/test-support/built-cli';
import { electronPath, noElectronReason } from './electron-binary-guard';

test.skip(!electronPath, noElectronReason);

let app: ElectronApplication;
let win: Page;
let dir: string;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-electron-'));
  app = await _electron.launch({
    executablePath: electronPath!,
    // The project folder (package.json names out/main/index.js); as root, Chromium needs
    // --no-sandbox for its own process sandbox (the renderer's `sandbox` preference is separate).
    args: [repoRoot, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: {
      ...process.env,
      EVENTLENS_DB: path.join(dir, 'electron.db'),
      EVENTLENS_USER_DATA: path.join(dir, 'user-data'),
    },
  });
  win = await app.firstWindow();
  await expect(win.getByTestId('transport')).toHaveAttribute('data-transport', 'electron');
});

test.afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the live window has the secure webPreferences', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    // Not in the typings, but what Electron itself consults for the live page's settings.
    const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
      getLastWebPreferences(): Record<string, unknown>;
    };
    const p = contents.getLastWebPreferences();
    return {
      contextIsolation: p.contextIsolation,
      sandbox: p.sandbox,
      nodeIntegration: p.nodeIntegration,
      webviewTag: p.webviewTag,
      webSecurity: p.webSecurity,
    };
  });
  expect(prefs).toEqual({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webviewTag: false,
    webSecurity: true,
  });
});

test('the page has no Node: require and process are undefined', async () => {
  expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
    'undefined',
  );
  expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
    'undefined',
  );
});

test('the exposed API has exactly the expected methods', async () => {
  const keys = await win.evaluate(() =>
    Object.keys((window as unknown as { eventlens: object }).eventlens).sort(),
  );
  expect(keys).toEqual([...bridgeKeys].sort());
  const shape: Record<string, unknown> = await win.evaluate((groups) => {
    const api = (window as unknown as { eventlens: Record<string, unknown> }).eventlens;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(api)) {
      out[key] =
        key in groups
          ? Object.entries(value as object).map(([k, v]) => `${k}:${typeof v}`)
          : typeof value;
    }
    return out;
  }, bridgeGroups);
  for (const [key, value] of Object.entries(shape)) {
    if (key in bridgeGroups) {
      const expected = bridgeGroups[key as keyof typeof bridgeGroups].map((k) => `${k}:function`);
      expect(value, key).toEqual(expected);
    } else {
      expect(value, key).toBe('function');
    }
  }
  // One global: export is a group of window.eventlens, not a bridge of its own.
  const globals = await win.evaluate(() =>
    Object.keys(window).filter((k) => k.toLowerCase().startsWith('eventlens')),
  );
  expect(globals).toEqual(['eventlens']);
});

test('navigation away and new windows are blocked', async () => {
  const before = win.url();
  await win.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  expect(await win.evaluate(() => window.open('https://example.com/'))).toBeNull();
  await expect.poll(() => win.url()).toBe(before);
  expect(app.windows()).toHaveLength(1);
});
