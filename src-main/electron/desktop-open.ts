import { dialog } from 'electron';
import { continuePrompt, type OpenedFileAnswer } from '../../src-shared/contract/open-files';
import { encodeViewLink } from '../../src-shared/contract/view-link';
import type { Host } from '../host/open-host';
import { localTarget, openFiles } from '../jobs/open-files';
import type { DesktopWindows } from './desktop-windows';

/** What File > Open… offers to pick; any file can still be chosen ("All files"). */
const openFilters = [
  { name: 'Logs and events', extensions: ['log', 'ndjson', 'jsonl', 'json', 'csv', 'tsv', 'gz'] },
  { name: 'All files', extensions: ['*'] },
];

/**
 * Opens files the OS, a second start or File > Open… handed to the app: each into its own
 * instance (jobs/open-files.ts); a file that grew since it was opened is asked about in a
 * message box; the window then shows the first file's instance while its import streams in.
 */
export function desktopOpener(host: Host, windows: DesktopWindows, entryUrl: string) {
  return async (files: readonly string[]): Promise<void> => {
    const targets = files.map(localTarget);
    const answers = await openFiles(host, targets);
    for (const [i, answer] of answers.entries()) {
      const prompt = continuePrompt(answer);
      if (!prompt) continue;
      const { response } = await dialog.showMessageBox({
        type: 'question',
        message: prompt.message,
        detail: prompt.detail,
        buttons: prompt.buttons,
        defaultId: 0,
        cancelId: 1,
      });
      const [again] = await openFiles(host, [targets[i]!], { continue: response === 0 });
      if (again) answers[i] = again;
    }
    const failed = answers.filter((a) => a.outcome === 'failed');
    if (failed.length > 0) {
      dialog.showErrorBox(
        failed.length === 1
          ? `Eventlens cannot open ${failed[0]!.name}`
          : 'Eventlens cannot open some files',
        failed.map((a) => `${a.name}: ${a.error}`).join('\n'),
      );
    }
    const shown = answers.find((a: OpenedFileAnswer) => a.instanceId !== undefined);
    if (shown) windows.show(`${entryUrl}#${encodeViewLink({ instance: shown.instanceId! })}`);
  };
}

/** File > Open…: main's open dialog, then the files open as above. */
export async function pickAndOpen(open: (files: string[]) => Promise<void>): Promise<void> {
  const picked = await dialog.showOpenDialog({
    title: 'Open log files',
    properties: ['openFile', 'multiSelections'],
    filters: openFilters,
  });
  if (!picked.canceled && picked.filePaths.length > 0) await open(picked.filePaths);
}
