import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, type EngineOptions } from '../engine/engine';
import { EventLogService } from '../engine/service';

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'eventlens-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A real database file in a temp dir, with the service on top. */
export function openTempService(options: EngineOptions = {}) {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'events.db');
  const engine = Engine.open(file, options);
  const service = new EventLogService(engine);
  return {
    dir,
    file,
    engine,
    service,
    api: service.api,
    close: () => {
      engine.close();
      cleanup();
    },
  };
}

/** An engine in memory with the service on top and one instance, for tests of what queries answer. */
export function memoryService(instance: string) {
  const engine = Engine.open(':memory:');
  const service = new EventLogService(engine);
  engine.createInstance(instance);
  return { engine, service };
}
