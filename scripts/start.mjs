#!/usr/bin/env node
// `npm start`: build, then the desktop app on the default database. Where Electron cannot run
// (its binary cannot be downloaded, or better-sqlite3 has no Electron build), say so in one
// plain line and start browser mode on the same database instead. Arguments after `--` go to
// the app (e.g. `npm start -- --db ./other.db`, or files to open: `npm start -- access.log`,
// which browser mode serves as `eventlens open`); `--no-build` skips the build.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { electronVersion, electronZip, reachable, root } from './electron-download.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--no-build');

/** The Electron executable if it is already downloaded (never via require('electron')). */
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  try {
    const file = path.join(pkg, 'dist', fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim());
    return fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/**
 * Electron 42+ downloads its binary on first use. Look first (a few seconds at most) whether
 * the download can work at all, so a closed network never means a long hang.
 */
async function obtainElectron() {
  const found = electronBinary();
  if (found) return { binary: found };
  const version = electronVersion();
  if (!version) return { reason: 'the electron package is not installed' };
  if (!(await reachable(electronZip(version).url))) {
    return { reason: 'its binary cannot be downloaded here' };
  }
  console.log(`Downloading Electron ${version} (first start only)…`);
  const install = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'electron', 'install.js')],
    {
      stdio: 'inherit',
      timeout: 15 * 60_000,
    },
  );
  const binary = electronBinary();
  return binary && install.status === 0 ? { binary } : { reason: 'its binary failed to download' };
}

/** Whether the app's arguments name files to open: anything that is no option nor its value. */
function namesFiles(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('-')) return true;
    if (['--db', '--port', '--host'].includes(argv[i])) i++;
  }
  return false;
}

/** Runs a child in the foreground; Ctrl+C reaches it directly, SIGTERM is passed on. */
function foreground(cmd, argv, env = process.env) {
  const child = spawn(cmd, argv, { stdio: 'inherit', env });
  process.on('SIGINT', () => {}); // the terminal sends it to the child too; wait for its exit
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    if (build.status !== 0) {
      console.error('eventlens: the build failed (run "npm run build" to see why)');
      process.exit(1);
    }
  }
  let electron = await obtainElectron();
  if (
    electron.binary &&
    !fs.existsSync(path.join(root, 'native', 'electron', 'better_sqlite3.node'))
  ) {
    spawnSync(process.execPath, [path.join(root, 'scripts', 'build-electron-sqlite.mjs')], {
      stdio: 'inherit',
    });
    if (!fs.existsSync(path.join(root, 'native', 'electron', 'better_sqlite3.node'))) {
      electron = { reason: 'better-sqlite3 could not be built for it' };
    }
  }
  if (electron.binary) {
    foreground(electron.binary, [root, ...args]);
    return;
  }
  console.log(
    `Electron cannot run on this machine (${electron.reason}); starting browser mode on the same database instead.`,
  );
  const command = namesFiles(args) ? 'open' : 'serve';
  foreground(process.execPath, [path.join(root, 'bin', 'eventlens.js'), command, ...args]);
}

void main();
