import path from 'node:path';
import { expect } from 'vitest';
import { startServeProcess, type ServeProcess } from './serve-process';
import { tempDir } from './temp-db';

export interface TempServe extends ServeProcess {
  /** The database file the process serves. */
  file: string;
  /** Stops the process, checks that it exited with 0 (its database closed), removes the folder. */
  close(): Promise<void>;
}

/**
 * `eventlens serve` as a real process on a new database `name` in a temp folder, for a test
 * file's `beforeAll`; `seed` may fill the file before the server opens it.
 */
export async function serveTempDatabase(
  name: string,
  seed?: (file: string) => void,
): Promise<TempServe> {
  const dir = tempDir();
  const file = path.join(dir.dir, name);
  try {
    seed?.(file);
    const server = await startServeProcess(file);
    return {
      ...server,
      file,
      close: async () => {
        try {
          expect(await server.stop()).toBe(0);
        } finally {
          dir.cleanup();
        }
      },
    };
  } catch (err) {
    dir.cleanup();
    throw err;
  }
}
