import type { Engine } from '../engine';
import { InlineQueryRunner, type QueryRunner } from './query-runner';
import { WorkerQueryRunner, type WorkerQueryRunnerOptions } from './worker-query-runner';

/**
 * The query runner a host should use: worker threads for a database file (the Electron main
 * process, the browser-mode server), inline for `:memory:` (a worker cannot share it) or when
 * no worker script is given (the CLI, which has no windows to keep responsive).
 */
export function createQueryRunner(
  engine: Engine,
  options: Partial<Omit<WorkerQueryRunnerOptions, 'file'>> = {},
): QueryRunner {
  if (engine.db.memory || !options.workerScript) return new InlineQueryRunner(engine);
  return new WorkerQueryRunner({
    // Until a worker is ready, the window's first page is read on the engine's connection.
    startPages: (query) => engine.query(query),
    ...options,
    workerScript: options.workerScript,
    file: engine.file,
    autoIndex: options.autoIndex ?? engine.autoIndex,
    readOnly: options.readOnly ?? engine.readOnly !== null,
  });
}
