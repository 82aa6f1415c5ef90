import { Engine } from '../engine/engine';
import { resolveDatabasePath } from '../engine/paths';

/** Opens the engine on `--db`, EVENTLENS_DB or the default file. */
export function openEngine(dbFlag: string | undefined): Engine {
  return Engine.open(resolveDatabasePath(dbFlag));
}

export const dbOption = { db: { type: 'string' } } as const;
