import { _electron, expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventLogApi } from '../../src-shared/contract/operations';
import { runContractScript } from '../../src-main/contract-suite/contract-script';
import { repoRoot } from '../../src-main/test-support/built-cli';
import { openTempService } from '../../src-main/test-support/temp-db';
import { electronPath, noElectronReason } from './electron-binary-guard';

test.skip(!electronPath, noElectronReason);

/** The contract suite's Electron IPC leg: the page's window.eventlens, through main's router. */
test('Electron IPC gives the same answers as direct calls', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-electron-contract-'));
  const app = await _electron.launch({
    executablePath: electronPath!,
    // The project folder (package.json names out/main/index.js); as root, Chromium needs
    // --no-sandbox for its own process sandbox (the renderer's `sandbox` preference is separate).
    args: [repoRoot, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: {
      ...process.env,
      EVENTLENS_DB: path.join(dir, 'ipc.db'),
      EVENTLENS_USER_DATA: path.join(dir, 'user-data'),
    },
  });
  try {
    const win = await app.firstWindow();
    await win.waitForFunction(() => 'eventlens' in window);
    const api = new Proxy({} as EventLogApi, {
      get: (_t, op: string) => (params: unknown) =>
        win.evaluate(
          ([name, p]) =>
            (window as unknown as Record<string, Record<string, (x: unknown) => unknown>>)
              .eventlens![name]!(p),
          [op, params] as const,
        ),
    });
    const overIpc = await runContractScript(api);
    const ctx = openTempService();
    try {
      expect(overIpc).toEqual(await runContractScript(ctx.api));
    } finally {
      ctx.close();
    }
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
