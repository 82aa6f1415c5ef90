import os from 'node:os';
import path from 'node:path';

/** Electron names the user-data folder after the app's productName; both sides use this. */
export const appFolderName = 'Eventlens';
export const databaseFileName = 'eventlens.db';

/**
 * The platform's application-data folder, as Electron's app.getPath('appData') computes it.
 * Written out here so the CLI (plain Node) finds the same file as the desktop app.
 */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const home = os.homedir();
  if (platform === 'win32') return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
    ? env.XDG_CONFIG_HOME
    : path.join(home, '.config');
}

/**
 * The database: `--db` wins, then EVENTLENS_DB, then the user-data folder. Only the app's own
 * file (`isDefault`) may have its folder created; a path the user gave must lead to a folder
 * that exists, so a typo is an error rather than a new tree of folders.
 */
export function resolveDatabase(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { file: string; isDefault: boolean } {
  if (flag) return { file: path.resolve(flag), isDefault: false };
  if (env.EVENTLENS_DB) return { file: path.resolve(env.EVENTLENS_DB), isDefault: false };
  return { file: path.join(appDataDir(env), appFolderName, databaseFileName), isDefault: true };
}

export function resolveDatabasePath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return resolveDatabase(flag, env).file;
}
