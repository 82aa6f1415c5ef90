import path from 'node:path';
import { importSpecSchema, type ImportSpec } from '../../../src-shared/contract/import-spec';
import { describeIssues } from '../../../src-shared/contract/issues';
import type { Engine } from '../engine';
import type { ConcreteFormat } from '../import/detect';
import { ImportSpecError, resolveImport } from '../import/resolve-spec';
import { importInstance } from '../import/import-instance';
import { readHead } from '../import/source';
import { listFiles, parsePattern } from './file-identity';
import { FollowStore, type SourceRow } from './follow-store';

/** Following reads line by line: formats whose records span lines cannot be followed. */
export function checkLineFormat(format: ConcreteFormat, file: string): void {
  if (format === 'ndjson' || format === 'text') return;
  throw new ImportSpecError(
    `${file}: is read as ${format}, which cannot be followed line by line; follow NDJSON or ` +
      `text logs (a preset or --pattern), or import the file once`,
  );
}

/**
 * Checks a source before anything is written: the spec, the pattern, and, when a matching
 * file already holds lines, that its format is detected and can be followed. Throws
 * ImportSpecError or FollowPatternError.
 */
export async function checkFollow(spec: ImportSpec, pattern: string): Promise<ImportSpec> {
  const parsed = importSpecSchema.safeParse(spec);
  if (!parsed.success) throw new ImportSpecError(describeIssues(parsed.error.issues));
  const p = parsePattern(pattern);
  const first = listFiles(p, p.matches).find((f) => f.size > 0);
  if (first) {
    const head = await readHead(first.path);
    // Only complete lines: the file is being written.
    const complete = head.slice(0, head.lastIndexOf('\n') + 1);
    if (complete.length > 0) {
      const resolved = await resolveImport(parsed.data, first.path, complete);
      checkLineFormat(resolved.format, first.path);
    }
  }
  return parsed.data;
}

/**
 * The source following `pattern` into the spec's instance: the one already stored (its
 * positions and resolved mapping kept), or a new one (the instance created when missing and
 * the spec allows it).
 */
export function openSource(engine: Engine, spec: ImportSpec, pattern: string): SourceRow {
  engine.assertWritable();
  parsePattern(pattern);
  const full = path.resolve(pattern);
  const store = new FollowStore(engine.db);
  return engine.db
    .transaction(() => {
      const instance =
        importInstance(engine, spec.instance, spec.autoCreate) ??
        engine.instances.create(spec.instance, undefined);
      return store.sourceByPattern(instance.ino, full) ?? store.addSource(instance.ino, full, spec);
    })
    .immediate();
}
