import { describeIssues } from '../../../src-shared/contract/issues';
import { paramsSchemas } from '../../../src-shared/contract/operations';
import type { Engine } from '../engine';
import { EngineError } from '../errors';
import type { InstanceRow } from '../instances';
import { ImportSpecError } from './resolve-spec';

/**
 * The instance an import (or a followed source) writes into, by id or name; null when it does
 * not exist yet and may be created (`autoCreate`, the default), after checking that the name is
 * one createInstance would take. Refused before anything is written: NOT_FOUND when it may not
 * be created, a spec error for a name that could never be an instance's.
 */
export function importInstance(
  engine: Engine,
  instance: string,
  autoCreate = true,
): InstanceRow | null {
  const found = engine.instances.find(instance);
  if (found) return found;
  if (!autoCreate) {
    throw new EngineError(
      'NOT_FOUND',
      `instance: no instance with id or name "${instance}" (create it first, or allow the import to create it)`,
      { instanceId: instance },
    );
  }
  const name = paramsSchemas.createInstance.safeParse({ name: instance });
  if (!name.success) throw new ImportSpecError(describeIssues(name.error.issues));
  return null;
}
