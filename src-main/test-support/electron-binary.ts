import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './built-cli';

/**
 * The Electron executable, if it has been downloaded — found without `require('electron')`,
 * which would try to download it (and fail without internet).
 */
export function electronBinary(): string | null {
  const pkg = path.join(repoRoot, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const file = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
    return fs.existsSync(file) ? file : null;
  }
  try {
    const relative = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
    const file = path.join(pkg, 'dist', relative);
    return fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

electronBinary.missingReason =
  'no Electron binary here (node_modules/electron/dist is missing; it downloads on first use ' +
  'where there is internet)';
