import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobHost } from '../jobs/job-host';
import { requireBuilt } from '../test-support/run-cli';
import { openTempService } from '../test-support/temp-db';
import { createIpcRouter, type IpcSender } from './ipc-router';
import { createJobIpc } from './job-ipc';
import { appEntryUrl, appOrigin } from './trusted-urls';

let ctx: ReturnType<typeof openTempService> | undefined;
afterEach(() => ctx?.close());

const trusted: IpcSender = { frameUrl: appEntryUrl, isMainFrame: true, isOurWindow: true };

describe('IPC router', () => {
  it('answers a call from the main frame of our window with the envelope', async () => {
    ctx = openTempService();
    const route = createIpcRouter(ctx.service, appOrigin);
    const created = await route(trusted, 'createInstance', { name: 'desk' });
    expect(created).toMatchObject({ success: true, type: 'eventLog.createInstance' });
    const listed = await route(
      { ...trusted, frameUrl: `${appOrigin}/index.html?x#y` },
      'listInstances',
      {},
    );
    expect(listed).toMatchObject({ success: true, data: { instances: [{ name: 'desk' }] } });
  });

  it.each<[string, Partial<IpcSender>]>([
    ['another webContents', { isOurWindow: false }],
    ['an embedded frame', { isMainFrame: false }],
    ['a frame that is gone', { frameUrl: undefined }],
    ['a web page', { frameUrl: 'https://evil.example/index.html' }],
    ['a local file', { frameUrl: 'file:///tmp/index.html' }],
    ['another host of our scheme', { frameUrl: 'eventlens://evil/index.html' }],
    ['a look-alike host', { frameUrl: 'eventlens://app.evil/index.html' }],
    ['credentials in the URL', { frameUrl: 'eventlens://app@evil/index.html' }],
    ['a data URL', { frameUrl: 'data:text/html,<script>1</script>' }],
    ['an empty URL', { frameUrl: '' }],
  ])('refuses %s, and nothing changes', async (_what, change) => {
    ctx = openTempService();
    const route = createIpcRouter(ctx.service, appOrigin);
    const before = ctx.engine.db.prepare('SELECT count(*) FROM instances').pluck().get();
    const answer = await route({ ...trusted, ...change }, 'createInstance', { name: 'intruder' });
    expect(answer).toMatchObject({
      success: false,
      code: 'UNAUTHORIZED',
      type: 'eventLog.createInstance',
    });
    expect(ctx.engine.db.prepare('SELECT count(*) FROM instances').pluck().get()).toBe(before);
  });

  it('validates the operation name and the parameters with the contract', async () => {
    ctx = openTempService();
    const route = createIpcRouter(ctx.service, appOrigin);
    expect(await route(trusted, 'dropEverything', {})).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
    });
    expect(await route(trusted, { toString: () => 'createInstance' }, {})).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
    });
    const bad = await route(trusted, 'createInstance', { name: '', extra: 1 });
    expect(bad).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    expect(bad.success ? '' : bad.error).toMatch(/name/u);
  });

  it("carries the caller's requestId (so it can cancel); a bad one is replaced", async () => {
    ctx = openTempService();
    const route = createIpcRouter(ctx.service, appOrigin);
    expect(await route(trusted, 'listInstances', {}, 'mine-1')).toMatchObject({
      requestId: 'mine-1',
    });
    for (const bad of ['', 'x'.repeat(201), 42, { id: 1 }]) {
      const answer = await route(trusted, 'listInstances', {}, bad);
      expect(answer.success).toBe(true);
      expect(answer.requestId).not.toBe(bad);
      expect(answer.requestId.length).toBeGreaterThan(0);
    }
    expect(await route(trusted, 'cancel', { requestId: 'nothing' }, 'c-1')).toMatchObject({
      success: true,
      data: { cancelled: false },
      requestId: 'c-1',
    });
  });
});

describe('job IPC', () => {
  it('answers cancel and get for our window only, and validates the job id', async () => {
    ctx = openTempService();
    const host = new JobHost({ workerFile: requireBuilt('io-worker.js'), db: ctx.file });
    try {
      const ipc = createJobIpc(host, appOrigin);
      const dir = path.dirname(ctx.file);
      const input = path.join(dir, 'in.ndjson');
      fs.writeFileSync(input, '{"a":1}\n{"a":2}\n');
      const { jobId } = host.startImport({ instance: 'ipc' }, [input]);
      expect(ipc.get(trusted, jobId)).toMatchObject({ success: true, data: { jobId } });
      await host.whenDone(jobId);
      expect(ipc.get(trusted, jobId)).toMatchObject({ success: true, data: { state: 'done' } });
      expect(ipc.cancel(trusted, jobId)).toEqual({ success: true, data: { cancelled: false } });
      for (const bad of ['', 'x', 42, null, { jobId }]) {
        expect(ipc.get(trusted, bad)).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
        expect(ipc.cancel(trusted, bad)).toMatchObject({
          success: false,
          code: 'VALIDATION_ERROR',
        });
      }
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect(ipc.get(trusted, unknown)).toMatchObject({ success: false, code: 'NOT_FOUND' });
      for (const change of [
        { isOurWindow: false },
        { isMainFrame: false },
        { frameUrl: 'https://evil.example/' },
      ]) {
        expect(ipc.get({ ...trusted, ...change }, jobId)).toMatchObject({
          success: false,
          code: 'UNAUTHORIZED',
        });
        expect(ipc.cancel({ ...trusted, ...change }, jobId)).toMatchObject({
          success: false,
          code: 'UNAUTHORIZED',
        });
      }
    } finally {
      await host.close();
    }
  });
});
