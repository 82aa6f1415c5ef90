import { Engine } from '../engine/engine';
import { resolveDatabase } from '../engine/paths';

/** Opens the engine on `--db`, EVENTLENS_DB or the default file (whose folder it creates). */
export function openEngine(dbFlag: string | undefined): Engine {
  const { file, isDefault } = resolveDatabase(dbFlag);
  return Engine.open(file, { createFolder: isDefault });
}

export const dbOption = { db: { type: 'string' } } as const;
