import type { ChangeEvent } from './change-events';
import type { ImportPreview, ImportSpec } from './import-spec';
import type { JobAnswer, JobSnapshot } from './jobs';
import type { EventLogApi, OperationName } from './operations';

/**
 * What the Electron preload exposes as `window.eventlens`: exactly the contract's operations
 * (the nine and the [ext] ones) and a subscription to change events — no ipcRenderer, no generic invoke.
 */
export type EventlensBridge = EventLogApi & {
  /** Calls `listener` with every change main pushes; returns the unsubscribe function. */
  onChange(listener: (change: ChangeEvent) => void): () => void;
  /** Imports and exports running in main (see src-main/jobs/job-host.ts). */
  jobs: JobsBridge;
  /** Calls `listener` with every job snapshot main pushes (throttled); returns the unsubscribe. */
  onJob(listener: (snapshot: JobSnapshot) => void): () => void;
  /** Importing files the user picked or dropped; main opens only those. */
  imports: ImportsBridge;
};

/** A file the host knows by ref (an upload in browser mode, a chosen file in Electron). */
export interface ImportFileRef {
  ref: string;
  name: string;
  bytes: number;
}

export interface ImportRequestBody {
  spec: Omit<ImportSpec, 'reportFile'>;
  files: string[];
}

export interface ImportsBridge {
  pick(): Promise<JobAnswer<ImportFileRef[]>>;
  /** A File from a drop event (its path is read in the preload, never by the page). */
  drop(file: object): Promise<JobAnswer<ImportFileRef[]>>;
  preview(request: ImportRequestBody): Promise<JobAnswer<ImportPreview>>;
  start(request: ImportRequestBody): Promise<JobAnswer<JobSnapshot>>;
  saveReport(jobId: string): Promise<JobAnswer<{ saved: string | null }>>;
}

export interface JobsBridge {
  cancel(jobId: string): Promise<JobAnswer<{ cancelled: boolean }>>;
  get(jobId: string): Promise<JobAnswer<JobSnapshot>>;
}

export const bridgeGlobalName = 'eventlens';

/**
 * The operation names as plain data: the sandboxed preload imports this file, and must not pull
 * zod (operations.ts) into its bundle. The checks below keep the list equal to the contract's.
 */
export const bridgeOperationNames = [
  'createInstance',
  'getInstance',
  'listInstances',
  'updateInstance',
  'deleteInstance',
  'appendEvent',
  'appendEvents',
  'queryEvents',
  'getInstanceStats',
  'listStreams',
  'describeFields',
  'cancel',
] as const satisfies readonly OperationName[];

type Missing = Exclude<OperationName, (typeof bridgeOperationNames)[number]>;
// Fails to compile when an operation is added to the contract but not here.
export const bridgeListIsComplete: [Missing] extends [never] ? true : never = true;

/** The groups of `window.eventlens` (objects of functions) and their keys. */
export const bridgeGroups = {
  jobs: ['cancel', 'get'],
  imports: ['pick', 'drop', 'preview', 'start', 'saveReport'],
} as const satisfies Record<string, readonly string[]>;

/** Every key `window.eventlens` has, for the tests that check nothing else leaks out. */
export const bridgeKeys: readonly string[] = [
  ...bridgeOperationNames,
  'onChange',
  'onJob',
  ...Object.keys(bridgeGroups),
];
