import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bridgeGroups, type BridgeCall, type BridgeGroup } from '../../src-shared/contract/bridge';
import { openHost, type Host } from '../host/open-host';
import { unknownJob } from '../jobs/job-answers';
import { requireBuilt } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-db';
import type { Dialogs, SaveFileOptions } from './dialogs';
import { exportCalls } from './export-ipc';
import { importCalls } from './import-ipc';
import { groupChannel, ipcChannels } from './ipc-channels';
import { operationCall } from './ipc-router';
import {
  jobCall,
  registerIpcTable,
  type Caller,
  type IpcEntry,
  type IpcEvent,
  type IpcMainLike,
  type IpcTable,
} from './ipc-table';
import { jobCalls, jobIdArg } from './job-ipc';
import { sourceCalls } from './sources-ipc';
import { appEntryUrl, appOrigin } from './trusted-urls';

/**
 * The IPC table as main registers it, on a real host (database file, worker threads): calls go
 * through the registered handlers with the events Electron would pass. Only ipcMain and the
 * native dialogs are stand-ins (they need Electron); the dialogs answer what a user would pick.
 */

let tmp: ReturnType<typeof tempDir> | undefined;
let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  tmp?.cleanup();
  host = tmp = undefined;
});

/** How the caller looks to main; the defaults are the main frame of our window. */
interface From {
  webContentsId?: number;
  url?: string | null;
  embedded?: boolean;
}
const ourWindow = 1;

function eventFrom(from: From = {}): IpcEvent {
  const url = from.url === undefined ? appEntryUrl : from.url;
  return {
    sender: { id: from.webContentsId ?? ourWindow },
    senderFrame: url === null ? null : { url, parent: from.embedded ? {} : null },
  };
}

function setUp(
  answers: { open?: string[]; save?: string | null; choose?: string | null } = {},
  change: (table: IpcTable) => IpcTable = (t) => t,
) {
  tmp = tempDir();
  const h = openHost({
    db: path.join(tmp.dir, 'ipc.db'),
    workerDir: path.dirname(requireBuilt('io-worker.js')),
    tempParent: tmp.dir,
  });
  host = h;
  const saved: SaveFileOptions[] = [];
  const chosen: { title: string; folder: boolean }[] = [];
  const shown: string[] = [];
  const dialogs: Dialogs = {
    openFiles: () => Promise.resolve(answers.open ?? []),
    choosePath: (_caller, options) => {
      chosen.push(options);
      return Promise.resolve(answers.choose ?? null);
    },
    saveFile: (_caller, options) => {
      saved.push(options);
      return Promise.resolve(answers.save ?? null);
    },
    showInFolder: (file) => void shown.push(file),
  };
  const handlers = new Map<string, (event: IpcEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      expect(handlers.has(channel), channel).toBe(false);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const table = change({
    call: operationCall(h.service),
    jobs: jobCalls(h.jobs),
    imports: importCalls(h, dialogs, path.join(h.tempDir, 'reports')),
    exports: exportCalls(h.jobs, dialogs),
    sources: sourceCalls(h.sources, dialogs),
  });
  const unregister = registerIpcTable(ipc, table, {
    appOrigin,
    isOurWindow: (id) => id === ourWindow,
  });
  h.onClose(unregister);
  const invoke = (from: From, channel: string, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(eventFrom(from), ...args) as Promise<Record<string, unknown>>;
  };
  return { host: h, dir: tmp.dir, handlers, invoke, saved, shown, chosen, unregister };
}

const ch = <G extends BridgeGroup>(group: G, call: BridgeCall<G>) => groupChannel(group, call);

function ndjson(dir: string, name: string, lines: number): string {
  const file = path.join(dir, name);
  let text = '';
  for (let i = 0; i < lines; i++) text += `{"s":"s${i % 3}","t":"x","i":${i}}\n`;
  fs.writeFileSync(file, text);
  return file;
}

const refusedSenders: [string, From][] = [
  ['another webContents', { webContentsId: 2 }],
  ['an embedded frame', { embedded: true }],
  ['a frame that is gone', { url: null }],
  ['a web page', { url: 'https://evil.example/index.html' }],
  ['a local file', { url: 'file:///tmp/index.html' }],
  ['another host of our scheme', { url: 'eventlens://evil/index.html' }],
  ['a look-alike host', { url: 'eventlens://app.evil/index.html' }],
  ['credentials in the URL', { url: 'eventlens://app@evil/index.html' }],
  ['a data URL', { url: 'data:text/html,<script>1</script>' }],
  ['an empty URL', { url: '' }],
];

describe('the IPC table', () => {
  it('registers exactly the operations channel and every call of window.eventlens, by one scheme', () => {
    const { handlers, unregister } = setUp();
    const expected = [
      ipcChannels.call,
      ...Object.entries(bridgeGroups).flatMap(([group, calls]) =>
        calls.map((call) => `eventlens:${group}.${call}`),
      ),
    ];
    expect([...handlers.keys()].sort()).toEqual(expected.sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it.each(refusedSenders)(
    'refuses %s on every channel, before looking at the arguments, and nothing changes',
    async (_what, from) => {
      const { host: h, handlers, invoke, saved } = setUp({ save: '/never' });
      for (const channel of handlers.keys()) {
        const args = channel === ipcChannels.call ? ['createInstance', { name: 'intruder' }] : [];
        const answer = await invoke(from, channel, ...args);
        expect(answer, channel).toMatchObject({ success: false, code: 'UNAUTHORIZED' });
        expect(answer.error, channel).toMatch(/^IPC refused: /u);
      }
      expect(saved).toEqual([]);
      expect(h.engine.db.prepare('SELECT count(*) FROM instances').pluck().get()).toBe(0);
      expect(h.jobs.list()).toEqual([]);
    },
  );

  it('answers a handler that throws with an INTERNAL failure, never an exception', async () => {
    const { invoke } = setUp({}, (table) => ({
      ...table,
      jobs: {
        ...table.jobs,
        get: jobCall(jobIdArg, () => {
          throw new Error('boom');
        }),
      },
    }));
    expect(await invoke({}, ch('jobs', 'get'), '00000000-0000-4000-8000-000000000000')).toEqual({
      success: false,
      code: 'INTERNAL',
      error: 'eventlens:jobs.get: boom',
    });
  });

  it('only takes entries that check their input, and every call of the bridge (typecheck)', () => {
    const run = (_caller: Caller, raw: readonly unknown[]) => Promise.resolve(raw);
    // @ts-expect-error an entry is made by ipcEntry or jobCall only: its input is parsed first
    const forged: IpcEntry<unknown> = { fail: () => null, run };
    // @ts-expect-error a table without one of window.eventlens's calls does not compile
    const partial: IpcTable['jobs'] = { get: jobCall(jobIdArg, (_c, id) => unknownJob(id)) };
    expect([forged, partial]).toHaveLength(2);
  });

  it('answers a refused operation with its envelope type', async () => {
    const { invoke } = setUp();
    expect(
      await invoke({ webContentsId: 7 }, ipcChannels.call, 'createInstance', { name: 'x' }),
    ).toMatchObject({ success: false, code: 'UNAUTHORIZED', type: 'eventLog.createInstance' });
  });

  it('answers an operation from the main frame of our window with the envelope', async () => {
    const { invoke } = setUp();
    const created = await invoke({}, ipcChannels.call, 'createInstance', { name: 'desk' });
    expect(created).toMatchObject({ success: true, type: 'eventLog.createInstance' });
    const listed = await invoke(
      { url: `${appOrigin}/index.html?x#y` },
      ipcChannels.call,
      'listInstances',
      {},
    );
    expect(listed).toMatchObject({ success: true, data: { instances: [{ name: 'desk' }] } });
  });

  it('validates the operation name and the parameters with the contract', async () => {
    const { invoke } = setUp();
    expect(await invoke({}, ipcChannels.call, 'dropEverything', {})).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
    });
    expect(
      await invoke({}, ipcChannels.call, { toString: () => 'createInstance' }, {}),
    ).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    const bad = await invoke({}, ipcChannels.call, 'createInstance', { name: '', extra: 1 });
    expect(bad).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    expect(bad.error).toMatch(/name/u);
    expect(await invoke({}, ipcChannels.call, 'listInstances', {}, 'r', 'extra')).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
      type: 'eventLog.listInstances',
    });
  });

  it("carries the caller's requestId (so it can cancel); a bad one is replaced", async () => {
    const { invoke } = setUp();
    expect(await invoke({}, ipcChannels.call, 'listInstances', {}, 'mine-1')).toMatchObject({
      requestId: 'mine-1',
    });
    for (const bad of ['', 'x'.repeat(201), 42, { id: 1 }]) {
      const answer = await invoke({}, ipcChannels.call, 'listInstances', {}, bad);
      expect(answer.success).toBe(true);
      expect(answer.requestId).not.toBe(bad);
      expect(String(answer.requestId).length).toBeGreaterThan(0);
    }
    expect(
      await invoke({}, ipcChannels.call, 'cancel', { requestId: 'nothing' }, 'c-1'),
    ).toMatchObject({ success: true, data: { cancelled: false }, requestId: 'c-1' });
  });

  it('checks every job call’s arguments and names the bad one; extra arguments are refused', async () => {
    const { invoke } = setUp();
    for (const call of ['get', 'cancel'] as const) {
      for (const bad of ['', 'x', 42, null, undefined, { jobId: 'x' }]) {
        const answer = await invoke({}, ch('jobs', call), bad);
        expect(answer).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
        expect(answer.error).toMatch(/^jobId: /u);
      }
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await invoke({}, ch('jobs', 'get'), unknown)).toMatchObject({
      success: false,
      code: 'NOT_FOUND',
    });
    expect(await invoke({}, ch('jobs', 'get'), unknown, 'more')).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
      error: 'expected one argument',
    });
    expect(await invoke({}, ch('imports', 'pick'), 'x')).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
    });
    // A request object is checked by the same schema as over HTTP, with the same messages.
    const preview = await invoke({}, ch('imports', 'preview'), { spec: {}, files: [] });
    expect(preview).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    expect(preview.error).toMatch(/^spec\.instance: /u);
    const drop = await invoke({}, ch('imports', 'drop'), '');
    expect(drop).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    expect(drop.error).toBe('file: a dropped file has no path (drop a file from disk)');
  });

  it('imports picked files as a job: get, cancel, and the bad-lines report through the save dialog', async () => {
    tmp = undefined;
    const data = tempDir();
    try {
      const input = ndjson(data.dir, 'in.ndjson', 2);
      fs.appendFileSync(input, 'not json\n');
      const report = path.join(data.dir, 'saved-report.txt');
      const { host: h, invoke, saved } = setUp({ open: [input], save: report });
      const picked = await invoke({}, ch('imports', 'pick'));
      expect(picked).toMatchObject({
        success: true,
        data: [{ name: 'in.ndjson', bytes: fs.statSync(input).size }],
      });
      const ref = (picked.data as { ref: string }[])[0]!.ref;
      const spec = { instance: 'ipc', format: 'ndjson' };
      const preview = await invoke({}, ch('imports', 'preview'), { spec, files: [ref] });
      expect(preview).toMatchObject({ success: true, data: { format: 'ndjson' } });
      const started = await invoke({}, ch('imports', 'start'), { spec, files: [ref] });
      expect(started).toMatchObject({ success: true, data: { kind: 'import', state: 'running' } });
      const { jobId } = started.data as { jobId: string };
      await h.jobs.whenDone(jobId);
      expect(await invoke({}, ch('jobs', 'get'), jobId)).toMatchObject({
        success: true,
        data: { jobId, state: 'done', result: { events: 2, bad: 1 } },
      });
      expect(await invoke({}, ch('jobs', 'cancel'), jobId)).toEqual({
        success: true,
        data: { cancelled: false },
      });
      expect(await invoke({}, ch('imports', 'saveReport'), jobId)).toEqual({
        success: true,
        data: { saved: report },
      });
      expect(saved.at(-1)).toMatchObject({ fileName: 'bad-lines.txt' });
      expect(fs.readFileSync(report, 'utf8')).toContain('not json');
      // A file nobody chose is never opened: refs are the host's.
      expect(
        await invoke({}, ch('imports', 'start'), {
          spec,
          files: ['00000000-0000-4000-8000-000000000000'],
        }),
      ).toMatchObject({ success: false, code: 'NOT_FOUND' });
    } finally {
      data.cleanup();
    }
  });

  it('follows a path as a live source: add, list, pause, remove; bad input refused by name', async () => {
    const { host: h, dir, invoke } = setUp();
    const file = ndjson(dir, 'live.log', 3);
    const added = await invoke({}, ch('sources', 'add'), { path: file, instance: 'live' });
    expect(added).toMatchObject({ success: true, data: { path: file, state: 'following' } });
    const { sourceId } = added.data as { sourceId: number };
    expect(await invoke({}, ch('sources', 'list'))).toMatchObject({
      success: true,
      data: { sources: [{ sourceId, instanceName: 'live' }] },
    });
    expect(await invoke({}, ch('sources', 'pause'), { sourceId })).toMatchObject({
      success: true,
      data: { sourceId, state: 'paused' },
    });
    for (const [call, bad, message] of [
      ['add', { path: 'x.log', instance: 'live' }, /^path: must be an absolute path/u],
      ['add', { path: path.join(dir, 'none.log'), instance: 'live' }, /^path: .*no such file/u],
      ['pause', { sourceId: 'x' }, /^sourceId: /u],
      ['resume', {}, /^sourceId: /u],
    ] as const) {
      const answer = await invoke({}, ch('sources', call), bad);
      expect(answer).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
      expect(answer.error).toMatch(message);
    }
    expect(await invoke({}, ch('sources', 'remove'), { sourceId })).toMatchObject({
      success: true,
      data: { removed: { sourceId } },
    });
    expect(h.sources.list()).toEqual([]);
  });

  it('picks a path to follow in the open dialog: a file as it is, a folder as its glob; nothing follows yet', async () => {
    const folder = setUp({ choose: '/var/log/app' });
    expect(await folder.invoke({}, ch('sources', 'pick'), 'folder')).toEqual({
      success: true,
      data: { path: path.join('/var/log/app', '*') },
    });
    expect(folder.chosen).toEqual([{ title: 'Follow the files of a folder', folder: true }]);
    expect(await folder.invoke({}, ch('sources', 'pick'), 'file')).toEqual({
      success: true,
      data: { path: '/var/log/app' },
    });
    expect(folder.host.sources.list()).toEqual([]);
    const bad = await folder.invoke({}, ch('sources', 'pick'), 'disk');
    expect(bad).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    expect(bad.error).toMatch(/^kind: /u);
    await host!.close();
    tmp!.cleanup();

    const closed = setUp({ choose: null });
    expect(await closed.invoke({}, ch('sources', 'pick'), 'file')).toEqual({
      success: true,
      data: { path: null },
    });
  });

  it('exports to the file chosen in the save dialog; a closed dialog starts nothing', async () => {
    const dismissed = setUp({ save: null });
    await dismissed.host.service.api.createInstance({ name: 'x' });
    const request = { query: { from: { instance: 'x' } }, format: 'ndjson', fileName: 'x.ndjson' };
    expect(await dismissed.invoke({}, ch('exports', 'start'), request)).toEqual({
      success: true,
      data: { dismissed: true },
    });
    expect(dismissed.host.jobs.list()).toEqual([]);
    await host!.close();
    tmp!.cleanup();

    const out = path.join(tempDir().dir, 'chosen.ndjson');
    try {
      const { host: h, invoke, saved, shown } = setUp({ save: out });
      await h.service.api.appendEvents({
        instanceId: 'x',
        autoCreateInstance: true,
        events: [1, 2, 3].map((i) => ({ streamId: 's', eventType: 't', payload: { i } })),
      });
      const started = await invoke({}, ch('exports', 'start'), request);
      expect(started).toMatchObject({ success: true, data: { snapshot: { kind: 'export' } } });
      expect(saved).toEqual([
        {
          title: 'Export',
          fileName: 'x.ndjson',
          filters: [expect.objectContaining({ name: 'NDJSON' })],
        },
      ]);
      const { jobId } = (started.data as { snapshot: { jobId: string } }).snapshot;
      await h.jobs.whenDone(jobId);
      expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
      expect(await invoke({}, ch('exports', 'showInFolder'), jobId)).toEqual({
        success: true,
        data: { shown: true },
      });
      expect(shown).toEqual([out]);
      // Refused before a row is written: a VALIDATION_ERROR, as over HTTP.
      const refused = await invoke({}, ch('exports', 'start'), {
        ...request,
        query: { from: { instance: 'missing' } },
      });
      expect(refused).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
      expect(refused.error).toMatch(/missing/u);
      const badName = await invoke({}, ch('exports', 'start'), { ...request, fileName: 'a/b' });
      expect(badName).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
      expect(badName.error).toMatch(/^fileName: /u);
      expect(
        await invoke({}, ch('exports', 'showInFolder'), '00000000-0000-4000-8000-000000000000'),
      ).toMatchObject({ success: false, code: 'NOT_FOUND' });
      expect(shown).toEqual([out]);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  it('saves a chart image whole under the chosen name, and refuses what is not one', async () => {
    const target = path.join(tempDir().dir, 'chart.png');
    try {
      const { invoke } = setUp({ save: target });
      const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
      expect(await invoke({}, ch('exports', 'saveImage'), { fileName: 'c.png', bytes })).toEqual({
        success: true,
        data: { saved: true },
      });
      expect([...fs.readFileSync(target)]).toEqual([...bytes]);
      expect(fs.readdirSync(path.dirname(target))).toEqual(['chart.png']);
      for (const image of [
        { fileName: 'c.exe', bytes },
        { fileName: 'c.png', bytes: 'not bytes' },
        { fileName: '../c.png', bytes },
      ]) {
        expect(await invoke({}, ch('exports', 'saveImage'), image)).toMatchObject({
          success: false,
          code: 'VALIDATION_ERROR',
        });
      }
    } finally {
      fs.rmSync(path.dirname(target), { recursive: true, force: true });
    }
  });
});
