/**
 * The import API for hosts (CLI, Electron main, browser-mode server). Specs, presets, progress
 * and report types live in src-shared/contract/import-spec.ts and import-presets.ts.
 */
export { previewImport, detectFields } from './preview';
export { ImportSpecError } from './resolve-spec';
export { prepareImport, runImport, defaultBatchSize } from './run-import';
export type { CommitInfo, ImportOptions } from './run-import';
export { ImportInputError } from './source';
