import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  bridgeGlobalName,
  type BridgeCall,
  type BridgeGroup,
  type EventlensBridge,
} from '../../src-shared/contract/bridge';
import type { ChangeEvent } from '../../src-shared/contract/change-events';
import type { JobSnapshot } from '../../src-shared/contract/jobs';
import type { SourceSnapshot } from '../../src-shared/contract/sources';
import type {
  CallOptions,
  EnvelopeFor,
  OperationName,
  ParamsOf,
} from '../../src-shared/contract/operations';
import { groupChannel, ipcChannels } from './ipc-channels';

/**
 * The whole surface the page gets, `window.eventlens`, typed by the contract: the operations,
 * the change and job pushes, and the job layer's calls. Main checks the sender and validates
 * every call again (ipc-table.ts); nothing here is trusted. No zod here: a sandboxed preload
 * bundles everything it imports.
 */
function operation<Op extends OperationName>(op: Op) {
  return (params: ParamsOf<Op>, options?: CallOptions) =>
    ipcRenderer.invoke(ipcChannels.call, op, params, options?.requestId) as Promise<
      EnvelopeFor<Op>
    >;
}

/** A job-layer call: its arguments go to main as they are, on the call's own channel. */
function call<G extends BridgeGroup, K extends BridgeCall<G>>(group: G, name: K) {
  const channel = groupChannel(group, name);
  return ((...args: unknown[]) => ipcRenderer.invoke(channel, ...args)) as EventlensBridge[G][K];
}

/** Main's pushes on `channel`; only the message is passed on, never the IpcRendererEvent. */
function pushes<T>(channel: string) {
  return (listener: (message: T) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, message: T) => listener(message);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.off(channel, handler);
    };
  };
}

const bridge = {
  createInstance: operation('createInstance'),
  getInstance: operation('getInstance'),
  listInstances: operation('listInstances'),
  updateInstance: operation('updateInstance'),
  deleteInstance: operation('deleteInstance'),
  appendEvent: operation('appendEvent'),
  appendEvents: operation('appendEvents'),
  queryEvents: operation('queryEvents'),
  getInstanceStats: operation('getInstanceStats'),
  listStreams: operation('listStreams'),
  describeFields: operation('describeFields'),
  cancel: operation('cancel'),
  onChange: pushes<ChangeEvent>(ipcChannels.change),
  onJob: pushes<JobSnapshot>(ipcChannels.job),
  jobs: {
    cancel: call('jobs', 'cancel'),
    get: call('jobs', 'get'),
  },
  imports: {
    pick: call('imports', 'pick'),
    // The path of a dropped file is read here, from a real File the user dropped: the page
    // cannot make one up (a File it constructs has no path, and main refuses an empty one).
    drop: (file: object) => {
      let filePath = '';
      try {
        filePath = webUtils.getPathForFile(file as File);
      } catch {
        filePath = '';
      }
      return ipcRenderer.invoke(groupChannel('imports', 'drop'), filePath) as ReturnType<
        EventlensBridge['imports']['drop']
      >;
    },
    preview: call('imports', 'preview'),
    start: call('imports', 'start'),
    saveReport: call('imports', 'saveReport'),
    open: call('imports', 'open'),
  },
  exports: {
    start: call('exports', 'start'),
    showInFolder: call('exports', 'showInFolder'),
    saveImage: call('exports', 'saveImage'),
  },
  onSources: pushes<SourceSnapshot[]>(ipcChannels.sources),
  sources: {
    list: call('sources', 'list'),
    add: call('sources', 'add'),
    pause: call('sources', 'pause'),
    resume: call('sources', 'resume'),
    remove: call('sources', 'remove'),
    pick: call('sources', 'pick'),
  },
} satisfies EventlensBridge;

contextBridge.exposeInMainWorld(bridgeGlobalName, bridge);
