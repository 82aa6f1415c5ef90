/** The export API for hosts. Spec, progress and report types: src-shared/contract/export-spec.ts. */
export { ExportSpecError, runExport } from './run-export';
export type { ExportOptions } from './run-export';
export { ExportOutputError } from './file-sink';
