import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  bridgeGlobalName,
  type EventlensBridge,
  type ImportFileRef,
  type ImportRequestBody,
} from '../../src-shared/contract/bridge';
import {
  exportBridgeGlobalName,
  exportChannels,
  type ExportBridge,
} from '../../src-shared/contract/export-bridge';
import type { ImportPreview } from '../../src-shared/contract/import-spec';
import type { ChangeEvent } from '../../src-shared/contract/change-events';
import type { JobAnswer, JobSnapshot } from '../../src-shared/contract/jobs';
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
  jobs: {
    cancel: (jobId: string) =>
      ipcRenderer.invoke(ipcChannels.jobsCancel, jobId) as Promise<
        JobAnswer<{ cancelled: boolean }>
      >,
    get: (jobId: string) =>
      ipcRenderer.invoke(ipcChannels.jobsGet, jobId) as Promise<JobAnswer<JobSnapshot>>,
  },
  onJob(listener: (snapshot: JobSnapshot) => void): () => void {
    const handler = (_event: IpcRendererEvent, snapshot: JobSnapshot) => listener(snapshot);
    ipcRenderer.on(ipcChannels.job, handler);
    return () => {
      ipcRenderer.off(ipcChannels.job, handler);
    };
  },
  imports: {
    pick: () => ipcRenderer.invoke(ipcChannels.importPick) as Promise<JobAnswer<ImportFileRef[]>>,
    // The path of a dropped file is read here, from a real File the user dropped: the page
    // cannot make one up (a File it constructs has no path, and main refuses an empty one).
    drop: (file: object) => {
      let filePath = '';
      try {
        filePath = webUtils.getPathForFile(file as File);
      } catch {
        filePath = '';
      }
      return ipcRenderer.invoke(ipcChannels.importDropped, filePath) as Promise<
        JobAnswer<ImportFileRef[]>
      >;
    },
    preview: (request: ImportRequestBody) =>
      ipcRenderer.invoke(ipcChannels.importPreview, request) as Promise<JobAnswer<ImportPreview>>,
    start: (request: ImportRequestBody) =>
      ipcRenderer.invoke(ipcChannels.importStart, request) as Promise<JobAnswer<JobSnapshot>>,
    saveReport: (jobId: string) =>
      ipcRenderer.invoke(ipcChannels.importSaveReport, jobId) as Promise<
        JobAnswer<{ saved: string | null }>
      >,
  },
} satisfies EventlensBridge;

contextBridge.exposeInMainWorld(bridgeGlobalName, bridge);

/**
 * Export (features/export): main's save dialog picks the file, so nothing here takes a path.
 * Following and cancelling the job is the job layer's (jobs, onJob above).
 */
const exportBridge = {
  start: (request) =>
    ipcRenderer.invoke(exportChannels.start, request) as ReturnType<ExportBridge['start']>,
  showInFolder: (jobId) => ipcRenderer.invoke(exportChannels.showInFolder, jobId) as Promise<void>,
  saveImage: (image) =>
    ipcRenderer.invoke(exportChannels.saveImage, image) as ReturnType<ExportBridge['saveImage']>,
} satisfies ExportBridge;

contextBridge.exposeInMainWorld(exportBridgeGlobalName, exportBridge);
