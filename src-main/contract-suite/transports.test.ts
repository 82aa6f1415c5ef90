import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { operationNames } from '../../src-shared/contract/operations';
import { electronBinary } from '../test-support/electron-binary';
import { startServeProcess, type ServeProcess } from '../test-support/serve-process';
import { openTempService, tempDir } from '../test-support/temp-db';
import { runContractScript } from './contract-script';
import { httpApi } from './http-api';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function directTranscript() {
  const ctx = openTempService();
  cleanups.push(ctx.close);
  return runContractScript(ctx.api);
}

describe('the contract over every transport', () => {
  it('direct calls (EventLogService.api)', async () => {
    const transcript = await directTranscript();
    // Every operation, each with successes and failures.
    const seen = (success: boolean) =>
      new Set(
        transcript
          .map((e) => e.envelope as { type: string; success: boolean })
          .filter((e) => e.success === success)
          .map((e) => e.type),
      );
    const all = operationNames.map((op) => `eventLog.${op}`).sort();
    expect([...seen(true)].sort()).toEqual(all);
    expect([...seen(false)].sort()).toEqual(all.filter((t) => t !== 'eventLog.listInstances'));
    // Stable across runs: a second database gives the very same transcript.
    expect(await directTranscript()).toEqual(transcript);
  });

  it('HTTP (eventlens serve, a real process) gives the same answers', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const server: ServeProcess = await startServeProcess(path.join(dir.dir, 'http.db'));
    cleanups.push(async () => expect(await server.stop()).toBe(0));
    const echo = await fetch(`${server.origin}/api/listInstances`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ params: {}, requestId: 'echo-me' }),
    });
    expect(await echo.json()).toMatchObject({ success: true, requestId: 'echo-me' });
    const overHttp = await runContractScript(httpApi(server.origin, server.token));
    expect(overHttp).toEqual(await directTranscript());
  });

  it('Electron IPC', (ctx) => {
    // The IPC leg runs in Playwright (e2e/electron/contract.spec.ts), which drives the app.
    if (!electronBinary()) ctx.skip(electronBinary.missingReason);
    expect(electronBinary()).toBeTruthy();
  });
});
