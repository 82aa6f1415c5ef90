import type { OpenedFileAnswer, OpenRequest } from './open-files';
import type { ChangeListener } from './change-events';
import type { ChartImage, ExportRequest, ExportStart } from './export-jobs';
import type { ImportPreview, ImportSpec } from './import-spec';
import type { JobAnswer, JobListener, JobSnapshot } from './jobs';
import type { EventLogApi, OperationName } from './operations';
import type { SourceAdd, SourcePick, SourceRef, SourceSnapshot, SourcesListener } from './sources';

/**
 * What the Electron preload exposes as `window.eventlens`, and nothing else: the contract's
 * operations (the nine and the [ext] ones), the change and job pushes, and the job layer's calls
 * in groups — no ipcRenderer, no generic invoke. Every group call answers a JobAnswer (a failure
 * is a value with a contract error code), as the same calls do over HTTP in browser mode.
 */
export type EventlensBridge = EventLogApi & {
  /** Calls `listener` with every change main pushes; returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void;
  /** Calls `listener` with every job snapshot main pushes (throttled); returns the unsubscribe. */
  onJob(listener: JobListener): () => void;
  /** Imports and exports running in main (see src-main/jobs/job-host.ts). */
  jobs: JobsBridge;
  /** Importing files the user picked or dropped; main opens only those. */
  imports: ImportsBridge;
  /** Exporting to a file the user picks in main's save dialog; the page never names a path. */
  exports: ExportsBridge;
  /** Calls `listener` with the whole list of live sources whenever one changes. */
  onSources(listener: SourcesListener): () => void;
  /** Live sources: files followed into instances as they grow (src-main/jobs/sources-service.ts). */
  sources: SourcesBridge;
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

export interface JobsBridge {
  cancel(jobId: string): Promise<JobAnswer<{ cancelled: boolean }>>;
  get(jobId: string): Promise<JobAnswer<JobSnapshot>>;
}

export interface ImportsBridge {
  pick(): Promise<JobAnswer<ImportFileRef[]>>;
  /** A File from a drop event (its path is read in the preload, never by the page). */
  drop(file: object): Promise<JobAnswer<ImportFileRef[]>>;
  preview(request: ImportRequestBody): Promise<JobAnswer<ImportPreview>>;
  start(request: ImportRequestBody): Promise<JobAnswer<JobSnapshot>>;
  saveReport(jobId: string): Promise<JobAnswer<{ saved: string | null }>>;
  /** Opens files straight away, each into its own instance (open-files.ts). */
  open(request: OpenRequest): Promise<JobAnswer<OpenedFileAnswer[]>>;
}

export interface ExportsBridge {
  /** Shows main's save dialog, then starts the job; `dismissed` when the user closed it. */
  start(request: ExportRequest): Promise<JobAnswer<ExportStart>>;
  /** Shows a finished export's file in the system's file manager. */
  showInFolder(jobId: string): Promise<JobAnswer<{ shown: boolean }>>;
  /** A chart image through main's save dialog; `saved` is false when the user closed it. */
  saveImage(image: ChartImage): Promise<JobAnswer<{ saved: boolean }>>;
}

export interface SourcesBridge {
  list(): Promise<JobAnswer<{ sources: SourceSnapshot[] }>>;
  add(request: SourceAdd): Promise<JobAnswer<SourceSnapshot>>;
  pause(ref: SourceRef): Promise<JobAnswer<SourceSnapshot>>;
  resume(ref: SourceRef): Promise<JobAnswer<SourceSnapshot>>;
  /** The source is forgotten; the events it imported stay in the instance. */
  remove(ref: SourceRef): Promise<JobAnswer<{ removed: SourceSnapshot }>>;
  /**
   * The desktop's open dialog for a path to follow: a file as it is, a folder as the glob of
   * its files (`folder/*`); null when the user closed it. Browser mode has none.
   */
  pick(kind: SourcePick): Promise<JobAnswer<{ path: string | null }>>;
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

/** The groups of `window.eventlens` (objects of functions): the job layer's calls. */
export type BridgeGroup = 'jobs' | 'imports' | 'exports' | 'sources';

/** The calls of one group, e.g. `'cancel' | 'get'` for `jobs`. */
export type BridgeCall<G extends BridgeGroup> = keyof EventlensBridge[G] & string;

/** The groups and their calls as plain data (the tests check that nothing else is exposed). */
export const bridgeGroups = {
  jobs: ['cancel', 'get'],
  imports: ['pick', 'drop', 'preview', 'start', 'saveReport', 'open'],
  exports: ['start', 'showInFolder', 'saveImage'],
  sources: ['list', 'add', 'pause', 'resume', 'remove', 'pick'],
} as const satisfies { [G in BridgeGroup]: readonly BridgeCall<G>[] };

type UnlistedCalls = {
  [G in BridgeGroup]: Exclude<BridgeCall<G>, (typeof bridgeGroups)[G][number]>;
}[BridgeGroup];
// Fails to compile when a call is added to a group's type but not to bridgeGroups.
export const bridgeGroupsAreComplete: [UnlistedCalls] extends [never] ? true : never = true;

/** Every key `window.eventlens` has, for the tests that check nothing else leaks out. */
export const bridgeKeys: readonly string[] = [
  ...bridgeOperationNames,
  'onChange',
  'onJob',
  'onSources',
  ...Object.keys(bridgeGroups),
];
