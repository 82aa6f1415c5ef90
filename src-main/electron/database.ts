import fs from 'node:fs';
import path from 'node:path';
import { resolveDatabase } from '../engine/paths';
import { openHost, type Host } from '../host/open-host';

/**
 * A file of the app as the OS sees it. A packaged app lives in `resources/app.asar`, an archive
 * only Electron can read; electron-builder unpacks native code (asarUnpack) beside it into
 * `app.asar.unpacked`, from where the OS can load it. Outside a package, the path as it is.
 */
export function outsideAsar(file: string): string {
  return file.replace(/(?<=[\\/])app\.asar(?=[\\/])/u, 'app.asar.unpacked');
}

/**
 * better-sqlite3 built against Electron's headers: put in native/electron by the postinstall
 * (scripts/build-electron-sqlite.mjs), and packaged from there by `npm run dist`.
 */
export function electronNativeBinding(appRoot: string): string | undefined {
  const file = outsideAsar(path.join(appRoot, 'native', 'electron', 'better_sqlite3.node'));
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
  const { file, isDefault } = resolveDatabase(dbArgument(argv));
  const nativeBinding = electronNativeBinding(appRoot);
  try {
    return openHost({
      db: file,
      createFolder: isDefault,
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
