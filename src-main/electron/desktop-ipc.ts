import { ipcMain } from 'electron';
import path from 'node:path';
import type { Host } from '../host/open-host';
import type { DesktopWindows } from './desktop-windows';
import { exportCalls } from './export-ipc';
import { importCalls } from './import-ipc';
import { ipcChannels } from './ipc-channels';
import { operationCall } from './ipc-router';
import { registerIpcTable } from './ipc-table';
import { jobCalls } from './job-ipc';
import { nativeDialogs } from './native-dialogs';
import { sourceCalls } from './sources-ipc';

/**
 * Connects the host to our windows: every call of `window.eventlens` through the IPC table
 * (its handlers are removed when the host closes), and the change and job pushes.
 */
export function connectWindows(host: Host, windows: DesktopWindows, appOrigin: string): void {
  const dialogs = nativeDialogs();
  const reportDir = path.join(host.tempDir, 'reports');
  const table = {
    call: operationCall(host.service),
    jobs: jobCalls(host.jobs),
    imports: importCalls(host, dialogs, reportDir),
    exports: exportCalls(host.jobs, dialogs),
    sources: sourceCalls(host.sources, dialogs),
  };
  host.onClose(registerIpcTable(ipcMain, table, { appOrigin, isOurWindow: windows.isOurs }));
  host.feed.subscribe((change) => windows.send(ipcChannels.change, change));
  host.jobs.subscribe((snapshot) => windows.send(ipcChannels.job, snapshot));
  host.sources.subscribe((sources) => windows.send(ipcChannels.sources, sources));
}
