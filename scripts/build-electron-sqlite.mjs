#!/usr/bin/env node
// Builds better-sqlite3 for Electron into native/electron/ — a SEPARATE copy. Plain Node and the
// tests keep node_modules/better-sqlite3/build (Node's ABI); Electron's main process loads this
// one through better-sqlite3's `nativeBinding` option. Rebuilding in place is unsafe (see
// ../shared/TOOLCHAIN.md: electron-rebuild under npm silently builds against Node's headers,
// and outside npm it deletes the Node build when it fails).
//
// Tolerant by design: it runs as postinstall, so where Electron's headers or prebuilt binaries
// cannot be fetched (no internet, as on the CI machines) it prints one warning and exits 0,
// quickly — never a long network timeout. `npm run native:electron` runs it again by hand.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'native', 'electron');
const outFile = path.join(outDir, 'better_sqlite3.node');
const infoFile = path.join(outDir, 'build-info.json');
const workDir = path.join(outDir, '.work');
const force = process.argv.includes('--force');
const probeTimeoutMs = Number(process.env.EVENTLENS_NATIVE_PROBE_TIMEOUT_MS ?? 5000);

const say = (msg) => console.log(`eventlens native: ${msg}`);
function giveUp(reason) {
  console.warn(
    `eventlens native: WARNING: no Electron build of better-sqlite3 (${reason}). ` +
      `The CLI, browser mode and tests are unaffected; the desktop app needs it: run ` +
      `"npm run native:electron" where the internet is reachable.`,
  );
  cleanWork();
  process.exit(0);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function cleanWork() {
  fs.rmSync(workDir, { recursive: true, force: true });
}

/** Runs a command with a hard time limit; resolves to true on exit code 0. */
function run(cmd, args, options, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    const timer = setTimeout(() => {
      say(`${path.basename(args[0] ?? cmd)} took longer than ${timeoutMs / 1000} s; stopped`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

async function reachable(url) {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(probeTimeoutMs) });
    return res.ok || res.status === 302 || res.status === 301;
  } catch {
    return false;
  }
}

/** npm passes its bundled node-gyp to scripts; outside npm, look beside npm itself. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  return candidates.find((c) => c && fs.existsSync(c)) ?? null;
}

/** The environment without npm's hints that point native builds at Node's own headers. */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|arch|build_from_source)$/iu.test(key))
      delete env[key];
  }
  return env;
}

async function main() {
  if (process.env.EVENTLENS_SKIP_ELECTRON_NATIVE === '1') {
    say('skipped (EVENTLENS_SKIP_ELECTRON_NATIVE=1)');
    return;
  }
  const electron = readJson(path.join(root, 'node_modules', 'electron', 'package.json'));
  const sqlite = readJson(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'));
  if (!electron || !sqlite) giveUp('electron or better-sqlite3 is not installed');
  const want = {
    electron: electron.version,
    betterSqlite3: sqlite.version,
    platform: process.platform,
    arch: process.arch,
  };
  const have = readJson(infoFile);
  if (!force && fs.existsSync(outFile) && JSON.stringify(have) === JSON.stringify(want)) {
    say(`up to date (Electron ${want.electron}, better-sqlite3 ${want.betterSqlite3})`);
    return;
  }

  // A private copy of the package to build in: node_modules/better-sqlite3 is never touched.
  cleanWork();
  const pkgDir = path.join(workDir, 'better-sqlite3');
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), pkgDir, {
    recursive: true,
    filter: (src) =>
      !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
  });
  const built = path.join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
  const env = cleanEnv();
  const target = ['--runtime=electron', `--target=${want.electron}`, `--arch=${want.arch}`];

  // 1. A prebuilt binary from better-sqlite3's releases (fast), if GitHub is reachable.
  const prebuild = path.join(root, 'node_modules', 'prebuild-install', 'bin.js');
  const tag = `https://github.com/WiseLibs/better-sqlite3/releases/tag/v${want.betterSqlite3}`;
  if (fs.existsSync(prebuild) && (await reachable(tag))) {
    say(`fetching a prebuilt binary for Electron ${want.electron}`);
    await run(
      process.execPath,
      [prebuild, ...target, `--platform=${want.platform}`],
      { cwd: pkgDir, env },
      120_000,
    );
  }

  // 2. Else compile against Electron's headers.
  if (!fs.existsSync(built)) {
    const distUrl = process.env.EVENTLENS_ELECTRON_HEADERS_URL ?? 'https://electronjs.org/headers';
    const headers = `${distUrl}/v${want.electron}/node-v${want.electron}-headers.tar.gz`;
    if (!(await reachable(headers))) giveUp(`Electron's headers are not reachable at ${distUrl}`);
    const nodeGyp = findNodeGyp();
    if (!nodeGyp) giveUp('node-gyp was not found');
    say(`compiling for Electron ${want.electron} (a few minutes)`);
    const ok = await run(
      process.execPath,
      [
        nodeGyp,
        'rebuild',
        '--release',
        ...target,
        `--dist-url=${distUrl}`,
        `--devdir=${path.join(workDir, 'gyp')}`,
      ],
      { cwd: pkgDir, env },
      20 * 60_000,
    );
    if (!ok || !fs.existsSync(built)) giveUp('the compilation failed (see above)');
  }

  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(built, outFile);
  fs.writeFileSync(infoFile, JSON.stringify(want, null, 2) + '\n');
  cleanWork();
  say(`built ${path.relative(root, outFile)} for Electron ${want.electron}`);
}

main().catch((err) => giveUp(err?.message ?? String(err)));
