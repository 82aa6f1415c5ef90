// Where the Electron binary comes from, for `npm start` (scripts/start.mjs) and `npm run dist`
// (scripts/dist.mjs). Never `require('electron')`: that starts the download and throws where it
// cannot work.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

export function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The installed electron package's version, or null. */
export function electronVersion() {
  return readJson(path.join(root, 'node_modules', 'electron', 'package.json'))?.version ?? null;
}

/** The release zip @electron/get downloads (start: the binary; dist: what gets packaged). */
export function electronZip(version, platform = process.platform, arch = process.arch) {
  const name = `electron-v${version}-${platform}-${arch}.zip`;
  const mirror =
    process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/';
  return { name, url: `${mirror}v${version}/${name}` };
}

/** @electron/get's cache folder (ELECTRON_CACHE, else the platform's cache folder). */
function electronCacheDir() {
  if (process.env.ELECTRON_CACHE) return process.env.ELECTRON_CACHE;
  if (process.platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Caches', 'electron');
  if (process.platform === 'win32') {
    return path.join(process.env.LOCALAPPDATA ?? os.homedir(), 'electron', 'Cache');
  }
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'electron');
}

/** A zip already downloaded (in the cache, or in a folder of its own per URL hash), or null. */
export function cachedZip(name) {
  const dir = electronCacheDir();
  const direct = path.join(dir, name);
  if (fs.existsSync(direct)) return direct;
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name, name);
    if (entry.isDirectory() && fs.existsSync(file)) return file;
  }
  return null;
}

/** A quick look (a few seconds at most) whether a download can work at all. */
export async function reachable(url) {
  const timeoutMs = Number(process.env.EVENTLENS_ELECTRON_PROBE_TIMEOUT_MS ?? 5000);
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}
