import type { ImportReport, ImportSpec } from '../../../src-shared/contract/import-spec';
import type { Engine } from '../engine';
import type { ImportResume } from '../import/parse-file';
import { runImport, type ImportOptions } from '../import/run-import';
import { OpenedFiles } from './opened-files';

/** What an import job of an opened file carries besides its spec (io-worker protocol). */
export interface OpenedImport {
  /** The opened_files row whose position the import moves. */
  origin: string;
  /** Set when the import continues the file after the lines read before. */
  resume?: ImportResume;
}

/**
 * Events in an opened file's first batch: its commit is what the window waits for to show the
 * first rows. 500 access-log lines are parsed and committed in ~0.1 s, 5,000 (the import's
 * batch) took ~1 s on a busy machine (docs/performance.md, "Opening a file").
 */
export const openFirstBatch = 500;

/**
 * Imports an opened file and keeps its row in opened_files: the line position moves in each
 * batch's transaction, and a file read to its end is marked complete. A cancelled or failed
 * import keeps the position of its last batch, from which the next open can continue.
 */
export async function runOpenedImport(
  engine: Engine,
  spec: ImportSpec,
  file: string,
  open: OpenedImport,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const store = new OpenedFiles(engine.db);
  const report = await runImport(engine, spec, [file], {
    firstBatchSize: openFirstBatch,
    ...options,
    ...(open.resume ? { resume: open.resume } : {}),
    position: (_file, line) => store.advance(open.origin, line),
  });
  if (report.status === 'completed' && report.dryRun !== true) {
    store.finish(open.origin, report.files[0]?.lines ?? 0);
  }
  return report;
}
