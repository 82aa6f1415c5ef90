import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bridgeGroups, bridgeGlobalName, bridgeKeys } from '../../src-shared/contract/bridge';
import { repoRoot } from '../test-support/built-cli';
import { groupChannel, ipcChannels } from './ipc-channels';

/**
 * The built preload (out/preload/index.cjs), run as Electron runs it in a sandboxed renderer,
 * with `electron` as its only module (a recording stand-in: the binary cannot run here; the
 * Electron specs check the live page where it can). It must expose exactly window.eventlens,
 * reach main only on the IPC table's channels, and bundle no zod.
 */
function loadPreload() {
  const file = path.join(repoRoot, 'out', 'preload', 'index.cjs');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  const code = fs.readFileSync(file, 'utf8');
  const exposed = new Map<string, Record<string, unknown>>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.set(name, api),
    },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return Promise.resolve({ success: true, data: null });
      },
      on: () => undefined,
      off: () => undefined,
    },
    webUtils: { getPathForFile: () => '/dropped/file.log' },
  };
  const module = { exports: {} };
  vm.runInNewContext(code, {
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`the preload requires ${name}`);
      return electron;
    },
  });
  return { code, exposed, invoked, required };
}

describe('the built preload', () => {
  it('exposes exactly window.eventlens: the operations, the pushes and the job groups', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual([bridgeGlobalName]);
    const api = exposed.get(bridgeGlobalName)!;
    expect(Object.keys(api).sort()).toEqual([...bridgeKeys].sort());
    for (const [key, value] of Object.entries(api)) {
      if (key in bridgeGroups) {
        const group = value as Record<string, unknown>;
        expect(Object.keys(group), key).toEqual([
          ...bridgeGroups[key as keyof typeof bridgeGroups],
        ]);
        for (const call of Object.values(group)) expect(typeof call).toBe('function');
      } else {
        expect(typeof value, key).toBe('function');
      }
    }
  });

  it('calls main only on the channels of the IPC table, passing the arguments on', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.get(bridgeGlobalName)!;
    await (api.listInstances as (p: unknown, o: unknown) => Promise<unknown>)(
      {},
      { requestId: 'r-1' },
    );
    expect(invoked.pop()).toEqual({
      channel: ipcChannels.call,
      args: ['listInstances', {}, 'r-1'],
    });
    for (const [group, calls] of Object.entries(bridgeGroups)) {
      const functions = api[group] as Record<string, (arg?: unknown) => Promise<unknown>>;
      for (const call of calls) {
        await functions[call]!({ probe: call });
        const channel = groupChannel(group as keyof typeof bridgeGroups, call as never);
        // A dropped File is sent as its path, read in the preload; everything else as it is.
        const args = call === 'drop' ? ['/dropped/file.log'] : [{ probe: call }];
        expect(invoked.pop(), channel).toEqual({ channel, args });
      }
    }
  });

  it('requires nothing but electron, and bundles no zod', () => {
    const { code, required } = loadPreload();
    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/ZodError|safeParse|\$ZodType/u);
  });
});
