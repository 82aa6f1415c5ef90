import { Engine } from '../engine/engine';
import { resolveDatabase } from '../engine/paths';

/** Opens the engine on `--db`, EVENTLENS_DB or the default file (whose folder it creates). */
export function openEngine(dbFlag: string | undefined): Engine {
  const { file, isDefault } = resolveDatabase(dbFlag);
  return Engine.open(file, { createFolder: isDefault });
}

/**
 * Opens it read-only, for commands that must change nothing (backup, check): no adoption into
 * WAL, no migration, no check on open (check does its own).
 */
export function openEngineReadOnly(dbFlag: string | undefined): Engine {
  return Engine.open(resolveDatabase(dbFlag).file, { readonly: true, integrityCheck: false });
}

export const dbOption = { db: { type: 'string' } } as const;
