import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { bridgeGlobalName, type EventlensBridge } from '../../src-shared/contract/bridge';
import type { ChangeEvent } from '../../src-shared/contract/change-events';
import type {
  CallOptions,
  EnvelopeFor,
  OperationName,
  ParamsOf,
} from '../../src-shared/contract/operations';
import { ipcChannels } from './ipc-channels';

/**
 * The whole surface the page gets: the contract's operations and a change subscription, typed by the
 * contract. Main validates every call again; nothing here is trusted.
 */
function invoke<Op extends OperationName>(op: Op) {
  return (params: ParamsOf<Op>, options?: CallOptions) =>
    ipcRenderer.invoke(ipcChannels.call, op, params, options?.requestId) as Promise<
      EnvelopeFor<Op>
    >;
}

const bridge = {
  createInstance: invoke('createInstance'),
  getInstance: invoke('getInstance'),
  listInstances: invoke('listInstances'),
  updateInstance: invoke('updateInstance'),
  deleteInstance: invoke('deleteInstance'),
  appendEvent: invoke('appendEvent'),
  appendEvents: invoke('appendEvents'),
  queryEvents: invoke('queryEvents'),
  getInstanceStats: invoke('getInstanceStats'),
  listStreams: invoke('listStreams'),
  describeFields: invoke('describeFields'),
  cancel: invoke('cancel'),
  onChange(listener: (change: ChangeEvent) => void): () => void {
    // Only the ChangeEvent is passed on, never the IpcRendererEvent (it carries `sender`).
    const handler = (_event: IpcRendererEvent, change: ChangeEvent) => listener(change);
    ipcRenderer.on(ipcChannels.change, handler);
    return () => {
      ipcRenderer.off(ipcChannels.change, handler);
    };
  },
} satisfies EventlensBridge;

contextBridge.exposeInMainWorld(bridgeGlobalName, bridge);
