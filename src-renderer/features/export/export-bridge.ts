import {
  exportBridgeGlobalName,
  type ExportBridge,
} from '../../../src-shared/contract/export-bridge';

/** The desktop app's export bridge (window.eventlensExport), or undefined in browser mode. */
export function exportBridge(win: Window = window): ExportBridge | undefined {
  return (win as unknown as Record<string, unknown>)[exportBridgeGlobalName] as
    ExportBridge | undefined;
}
