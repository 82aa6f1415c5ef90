import { z } from 'zod';
import type { JobSnapshot } from './jobs';

/**
 * Opening files straight away (`eventlens open`, a drop on the window, File > Open…, the OS):
 * each file is imported into a new instance named after it (or into the instance it was dropped
 * onto), shown as soon as its first batch is committed. A file opened before reopens its
 * instance; one that grew since (or whose import stopped early) is offered to continue.
 */

/** What a window sends: files by the refs the host gave (an upload, a picked or dropped file). */
export const openRequestSchema = z.strictObject({
  files: z
    .array(z.uuid({ message: 'must be a file ref (a UUID the host gave)' }))
    .min(1, { message: 'choose at least one file' })
    .max(100),
  /** Import into this instance (id or name; a drop onto it) instead of a new one. */
  into: z.string().min(1).max(200).optional(),
  /**
   * For a file that grew since it was opened, or whose import stopped early: true continues
   * from where it stopped, false shows what was imported; absent, the answer offers the choice.
   */
  continue: z.boolean().optional(),
});
export type OpenRequest = z.infer<typeof openRequestSchema>;

/** What a continuation would do: the choice offered for a file opened before. */
export interface ContinueOffer {
  /** `grown`: longer than when it was read; `unfinished`: its import stopped before the end. */
  why: 'grown' | 'unfinished';
  /** Lines imported so far: a continuation starts after them. */
  fromLine: number;
  bytesBefore: number;
  bytesNow: number;
}

/** What became of one file. */
export type OpenOutcome =
  | 'imported' // a new import is running (its job)
  | 'continued' // the rest of a file opened before is being imported (its job)
  | 'reopened' // opened before and read to its end: its instance, nothing imported
  | 'offer' // opened before and grew (or stopped early): ask, then open again with `continue`
  | 'failed';

export interface OpenedFileAnswer {
  /** The file's name (never a host path). */
  name: string;
  outcome: OpenOutcome;
  instanceId?: string;
  instanceName?: string;
  job?: JobSnapshot;
  offer?: ContinueOffer;
  /** Why it failed (outcome `failed`): the file cannot be read, no format fits, ... */
  error?: string;
}

/**
 * The question for a file opened before that grew (or whose import stopped early): the same
 * words in the desktop app's message box and the window's dialog.
 */
export interface ContinuePrompt {
  message: string;
  detail: string;
  /** [continue, show as it is]; the first is the default. */
  buttons: [string, string];
}

export function continuePrompt(answer: OpenedFileAnswer): ContinuePrompt | null {
  const offer = answer.offer;
  if (answer.outcome !== 'offer' || !offer) return null;
  const lines = offer.fromLine.toLocaleString('en');
  const message =
    offer.why === 'grown'
      ? `${answer.name} has grown since it was opened`
      : `${answer.name} was not read to its end`;
  const detail =
    offer.why === 'grown'
      ? `It was ${formatSize(offer.bytesBefore)} and is ${formatSize(offer.bytesNow)} now. ` +
        `Continue after line ${lines}, into "${answer.instanceName}"?`
      : `Its import stopped after line ${lines}. Import the rest into "${answer.instanceName}"?`;
  return { message, detail, buttons: ['Continue', 'Show as It Is'] };
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ${units[u]}`;
}
