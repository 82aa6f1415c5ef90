import fs from 'node:fs';
import path from 'node:path';
import { resolveDatabasePath } from '../engine/paths';
import { openHost, type Host } from '../host/open-host';

/** Where the postinstall puts better-sqlite3 built against Electron's headers. */
export function electronNativeBinding(appRoot: string): string | undefined {
  const file = path.join(appRoot, 'native', 'electron', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

/** `--db PATH` or `--db=PATH` among Electron's arguments (after the app path). */
export function dbArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') return argv[i + 1];
    if (a.startsWith('--db=')) return a.slice('--db='.length);
  }
  return undefined;
}

/**
 * Opens the host on the same file the CLI uses by default (`--db`, EVENTLENS_DB, the user-data
 * folder), through the Electron build of better-sqlite3. The Node build cannot load in Electron
 * (another ABI), so a missing Electron build is reported with what to do about it.
 */
export function openDesktopHost(appRoot: string, argv: readonly string[]): Host {
  const nativeBinding = electronNativeBinding(appRoot);
  try {
    return openHost({
      db: resolveDatabasePath(dbArgument(argv)),
      workerDir: path.join(appRoot, 'out', 'main'),
      ...(nativeBinding ? { nativeBinding } : {}),
    });
  } catch (err) {
    const message = (err as Error).message;
    if (!nativeBinding && /NODE_MODULE_VERSION|was compiled against a different/u.test(message)) {
      throw new Error(
        `better-sqlite3 has no build for Electron (native/electron/better_sqlite3.node is missing). ` +
          `Run "npm run native:electron" with internet access, then start again. (${message})`,
      );
    }
    throw err;
  }
}
