import { z } from 'zod';
import { structuralLimits } from './limits';

/**
 * Live sources: a file, or a glob of files in one folder, followed into an instance as lines
 * are written (like `tail -F`). The host (Electron's main process or the browser-mode server)
 * follows every source on one worker thread, keeps them in the database, and resumes them when
 * it opens again; windows list and steer them through these calls, over IPC or HTTP.
 */

export const sourceStates = ['following', 'paused', 'error'] as const;
export type SourceState = (typeof sourceStates)[number];

/** A source as the windows see it. */
export interface SourceSnapshot {
  sourceId: number;
  /** The absolute path followed, on the host's machine; a glob only in its last segment. */
  path: string;
  instanceId: string;
  instanceName: string;
  state: SourceState;
  /** Events per second over the last 10 s. */
  rate: number;
  /** Events stored from this source, ever (counted with the positions in the database). */
  events: number;
  /** Files being read now. */
  files: number;
  /** Lines that could not be imported since the host opened; the last one's place and reason. */
  bad: number;
  lastBadLine: string | null;
  /** Why the source stopped (state `error`); it is tried again on resume. */
  lastError: string | null;
  /** ISO time. */
  createdAt: string;
}

/** Hears the whole list whenever a source changes (state, or what it read: at most 1/s). */
export type SourcesListener = (sources: SourceSnapshot[]) => void;

/** A path on the host's machine: the user's own files (the server listens on loopback only). */
const pathSchema = z
  .string()
  .trim()
  .min(1, 'the path of a file or a glob is required')
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/u.test(p) || p.startsWith('\\\\'), {
    message: 'must be an absolute path (like /var/log/app.log or /var/log/app/*.log)',
  });

export const sourceAddSchema = z.strictObject({
  path: pathSchema,
  /** The instance's id or name; created when missing. */
  instance: z
    .string()
    .trim()
    .min(1, 'the instance is required')
    .max(structuralLimits.maxNameLength),
  /** An import preset by name (else the format is detected from the first lines). */
  preset: z.string().min(1).max(100).optional(),
});
export type SourceAdd = z.infer<typeof sourceAddSchema>;

export const sourceIdSchema = z.int().positive({ message: 'must be a source id' });

export const sourceRefSchema = z.strictObject({ sourceId: sourceIdSchema });
export type SourceRef = z.infer<typeof sourceRefSchema>;

/** What the desktop's picker chooses: one file, or a folder (followed as `folder/*`). */
export const sourcePickSchema = z.enum(['file', 'folder']);
export type SourcePick = z.infer<typeof sourcePickSchema>;
