#!/usr/bin/env node
// `npm run dist` (`dist:linux`, `dist:mac`, `dist:win`): the desktop app's installers in dist/,
// by electron-builder (configuration: electron-builder.ts). Each platform is packaged on its
// own OS: better-sqlite3 is native code, compiled for the OS it runs on.
//
// It checks first what packaging needs from outside this folder — the Electron release for
// the platform, and better-sqlite3 built for that Electron — and where one cannot be had (no
// internet, as on the project's CI machines) it says so in one line and exits 1, before
// building anything. Arguments after `--` go to electron-builder (e.g. `-- --dir`: an unpacked
// app only).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  cachedZip,
  electronVersion,
  electronZip,
  reachable,
  readJson,
  root,
} from './electron-download.mjs';

const platformFlags = { linux: '--linux', darwin: '--mac', win32: '--win' };
const platformNames = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

function fail(message) {
  console.error(`eventlens dist: ${message}`);
  process.exit(1);
}

const argv = process.argv.slice(2);
const asked = Object.entries(platformFlags).filter(([, flag]) => argv.includes(flag));
const passOn = argv.filter((a) => !Object.values(platformFlags).includes(a));
const platform = asked.length === 0 ? process.platform : asked[0][0];
if (asked.length > 1) fail('one platform at a time (--linux, --mac or --win)');
if (!(platform in platformFlags)) fail(`no package for ${process.platform}`);
if (platform !== process.platform) {
  fail(
    `the ${platformNames[platform]} package is built on ${platformNames[platform]} ` +
      `(better-sqlite3 is compiled for the OS it runs on)`,
  );
}

const version = electronVersion();
if (!version) fail('the electron package is not installed (run npm install)');
const zip = electronZip(version);
if (!cachedZip(zip.name) && !(await reachable(zip.url))) {
  fail(
    `cannot package: the Electron ${version} release for ${platform}-${process.arch} ` +
      `cannot be downloaded here (${zip.url}); run it where that address is reachable`,
  );
}

// better-sqlite3 for this Electron (the postinstall builds it when it can; try once more).
const native = path.join(root, 'native', 'electron');
const built = () =>
  fs.existsSync(path.join(native, 'better_sqlite3.node')) &&
  readJson(path.join(native, 'build-info.json'))?.electron === version;
if (!built()) {
  spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'build-electron-sqlite.mjs'), '--force'],
    {
      stdio: 'inherit',
    },
  );
  if (!built()) fail(`cannot package: better-sqlite3 could not be built for Electron ${version}`);
}

const run = (script, args) =>
  spawnSync(process.execPath, [path.join(root, 'node_modules', ...script), ...args], {
    cwd: root,
    stdio: 'inherit',
  }).status;
if (run(['electron-vite', 'bin', 'electron-vite.js'], ['build']) !== 0) fail('the build failed');
process.exit(run(['electron-builder', 'cli.js'], [platformFlags[platform], ...passOn]) ?? 1);
