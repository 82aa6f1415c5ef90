import type {
  ImportFileRef,
  ImportRequestBody,
  ImportsBridge,
} from '../../src-shared/contract/bridge';
import type { ImportPreview } from '../../src-shared/contract/import-spec';
import type { OpenedFileAnswer, OpenRequest } from '../../src-shared/contract/open-files';
import type { JobAnswer, JobSnapshot } from '../../src-shared/contract/jobs';
import { downloadBlob } from './download';
import { failed, type HttpApi } from './job-client';

export type { ImportFileRef, ImportRequestBody };

/**
 * The renderer's side of importing files. Files are known by the ref the host gave: in browser
 * mode each is uploaded (streamed from disk by the browser) to the server's upload folder; in
 * Electron main remembers the files the user picked in its dialog or dropped on the window.
 */
export interface ImportClient {
  /** Electron: main's open dialog. Browser mode has none (the page uses <input type=file>). */
  readonly nativePicker: boolean;
  pick(): Promise<JobAnswer<ImportFileRef[]>>;
  /** Files from an <input type=file> or a drop. */
  add(files: readonly File[]): Promise<JobAnswer<ImportFileRef[]>>;
  preview(request: ImportRequestBody): Promise<JobAnswer<ImportPreview>>;
  start(request: ImportRequestBody): Promise<JobAnswer<JobSnapshot>>;
  /** Saves every bad line of a finished import (a download, or main's save dialog). */
  saveReport(jobId: string): Promise<JobAnswer<{ saved: string | null }>>;
  /** Opens added files straight away, each into its own instance (or `into` one). */
  open(request: OpenRequest): Promise<JobAnswer<OpenedFileAnswer[]>>;
}

export function createHttpImportClient(api: HttpApi): ImportClient {
  return {
    nativePicker: false,
    pick: () => Promise.resolve(failed('VALIDATION_ERROR', 'no native picker in browser mode')),
    async add(files) {
      const refs: ImportFileRef[] = [];
      for (const file of files) {
        const answer = await api.request<ImportFileRef>(
          'POST',
          `import/upload?name=${encodeURIComponent(file.name)}`,
          file,
        );
        if (!answer.success) return { ...answer, error: `${file.name}: ${answer.error}` };
        refs.push(answer.data);
      }
      return { success: true, data: refs };
    },
    preview: (request) => api.request<ImportPreview>('POST', 'import/preview', request),
    start: (request) => api.request<JobSnapshot>('POST', 'import/start', request),
    open: (request) => api.request<OpenedFileAnswer[]>('POST', 'open', request),
    async saveReport(jobId) {
      const text = await api.text(`import/report/${encodeURIComponent(jobId)}`);
      if (!text.success) return text;
      downloadBlob(new Blob([text.data], { type: 'text/plain' }), 'bad-lines.txt');
      return { success: true, data: { saved: 'bad-lines.txt' } };
    },
  };
}

export function createBridgeImportClient(bridge: ImportsBridge): ImportClient {
  return {
    nativePicker: true,
    pick: () => bridge.pick(),
    async add(files) {
      const refs: ImportFileRef[] = [];
      for (const file of files) {
        const answer = await bridge.drop(file);
        if (!answer.success) return answer;
        refs.push(...answer.data);
      }
      return { success: true, data: refs };
    },
    preview: (request) => bridge.preview(request),
    start: (request) => bridge.start(request),
    open: (request) => bridge.open(request),
    saveReport: (jobId) => bridge.saveReport(jobId),
  };
}
