import asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Arch, type AfterPackContext } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config, { afterPack, fuses } from '../../electron-builder';
import { repoRoot, requireBuild } from '../test-support/built-cli';
import { standInElectron, writeFuseWire } from '../test-support/stand-in-electron';
import { tempDir } from '../test-support/temp-db';
import { electronNativeBinding } from './database';

/**
 * The packaging configuration (electron-builder.ts) and `npm run dist`, held to what the README
 * promises. The real Electron release cannot be downloaded here, so the package is built with a
 * stand-in Electron (a file with the fuse wire): everything electron-builder does but copy the
 * real binaries — config validation, the asar, what is unpacked, the afterPack fuses.
 */

const ON = 49;
const OFF = 48;
/** The six fuses issue 18 asks for, as the packaged binary must have them. */
const expectedFuses: [FuseV1Options, number][] = [
  [FuseV1Options.RunAsNode, OFF],
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, OFF],
  [FuseV1Options.EnableNodeCliInspectArguments, OFF],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, ON],
  [FuseV1Options.OnlyLoadAppFromAsar, ON],
  [FuseV1Options.EnableCookieEncryption, ON],
];

async function expectFusesSet(binary: string): Promise<void> {
  const wire = await getCurrentFuseWire(binary);
  for (const [fuse, state] of expectedFuses) {
    expect(wire[fuse], FuseV1Options[fuse]).toBe(state);
  }
}

const electronVersion = (
  JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ) as { version: string }
).version;

describe('the packaging configuration', () => {
  it('targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    expect(config.directories?.output).toBe('dist');
    // Without these the .deb is refused at the very end of a long packaging run.
    expect(config.linux?.maintainer).toMatch(/<[^@>]+@[^>]+>$/u);
    expect((config.extraMetadata as { homepage?: string }).homepage).toMatch(/^https:\/\//u);
  });

  it('registers the log files and the eventlens:// scheme with the OS', () => {
    const associations = [config.fileAssociations ?? []].flat();
    expect(associations.map((a) => a.ext)).toEqual(['log', 'ndjson', 'jsonl', 'csv', 'json', 'gz']);
    for (const a of associations) {
      // Linux needs the MIME type; the app opens files, it does not edit them.
      expect(a.mimeType, String(a.ext)).toMatch(/^[a-z]+\/[\w.+-]+$/u);
      expect(a.role).toBe('Viewer');
    }
    // .log and .gz files have other owners: offered, never taken over.
    expect(associations.find((a) => a.ext === 'log')?.rank).toBe('Alternate');
    expect(associations.find((a) => a.ext === 'gz')?.rank).toBe('Alternate');
    expect(associations.find((a) => a.ext === 'csv')?.rank).toBe('Alternate');
    expect(associations.find((a) => a.ext === 'json')?.rank).toBe('Alternate');
    expect(associations.find((a) => a.ext === 'gz')?.description).toContain('.json.gz');
    expect([config.protocols].flat()).toEqual([{ name: 'Eventlens link', schemes: ['eventlens'] }]);
  });

  it('never rebuilds native modules in place, and unpacks them from the asar', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/*.node', 'node_modules/@duckdb/node-bindings*/**']),
    );
    expect(config.files).toContain('native/electron/better_sqlite3.node');
    expect(config.afterPack).toBe(afterPack);
  });

  it('afterPack flips the fuses of the packaged binary on every platform, naming every fuse', async () => {
    expect(fuses.strictlyRequireAllFuses).toBe(true);
    const { dir, cleanup } = tempDir();
    try {
      const layouts = [
        ['linux', 'eventlens'],
        ['win32', 'Eventlens.exe'],
        [
          'darwin',
          'Eventlens.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
        ],
      ] as const;
      for (const [platform, binary] of layouts) {
        const appOutDir = path.join(dir, platform);
        fs.mkdirSync(path.dirname(path.join(appOutDir, binary)), { recursive: true });
        writeFuseWire(path.join(appOutDir, binary));
        const context = {
          appOutDir,
          electronPlatformName: platform,
          arch: Arch.x64,
          packager: { appInfo: { productFilename: 'Eventlens' }, executableName: 'eventlens' },
        } as unknown as AfterPackContext;
        await afterPack(context);
        await expectFusesSet(path.join(appOutDir, binary));
      }
    } finally {
      cleanup();
    }
  });
});

describe('a Linux package built with a stand-in Electron', () => {
  let tmp: ReturnType<typeof tempDir>;
  let unpacked: string;
  let archive: string;
  let files: string[];

  beforeAll(async () => {
    requireBuild();
    tmp = tempDir();
    // A copy of the project (node_modules linked) with a stand-in for native/electron's build,
    // which needs Electron's headers from the internet.
    const project = path.join(tmp.dir, 'project');
    fs.mkdirSync(path.join(project, 'native', 'electron'), { recursive: true });
    for (const f of ['package.json', 'package-lock.json', 'electron-builder.ts']) {
      fs.copyFileSync(path.join(repoRoot, f), path.join(project, f));
    }
    fs.cpSync(path.join(repoRoot, 'out'), path.join(project, 'out'), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(project, 'node_modules'));
    fs.writeFileSync(path.join(project, 'native', 'electron', 'better_sqlite3.node'), 'stand-in');
    const electronDist = standInElectron(path.join(tmp.dir, 'electron'), electronVersion);
    const output = path.join(tmp.dir, 'dist');
    const builder = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'electron-builder', 'cli.js'),
        '--projectDir',
        project,
        '--linux',
        'dir',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${output}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    builder.stdout.on('data', (d: Buffer) => (log += d.toString()));
    builder.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const code = await new Promise<number | null>((r) => builder.once('exit', r));
    if (code !== 0) throw new Error(`electron-builder failed (${code}):\n${log}`);
    unpacked = path.join(output, 'linux-unpacked');
    archive = path.join(unpacked, 'resources', 'app.asar');
    files = asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
  }, 180_000);
  afterAll(() => tmp?.cleanup());

  it('holds the built app and the production dependencies, and nothing else of the project', () => {
    for (const f of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/io-worker.js',
      '/out/main/import-parser.js',
      '/out/main/query-worker.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/node_modules/better-sqlite3/lib/index.js',
      '/node_modules/zod/package.json',
      '/node_modules/csv-stringify/package.json',
      '/node_modules/hyparquet-writer/package.json',
    ]) {
      expect(files, f).toContain(f);
    }
    const top = new Set(files.map((f) => f.split('/')[1]));
    expect([...top].sort()).toEqual(['native', 'node_modules', 'out', 'package.json']);
    // Not the desktop app's: the CLI, the benchmarks, Node's build of better-sqlite3 and its
    // sources, the dev dependencies.
    expect(files.filter((f) => /^\/out\/main\/(cli\.js|.*bench)/u.test(f))).toEqual([]);
    expect(files.filter((f) => /better-sqlite3\/(build|deps|src)\//u.test(f))).toEqual([]);
    for (const dev of ['electron', 'react', 'vite', 'vitest', 'electron-builder', 'typescript']) {
      expect(files, dev).not.toContain(`/node_modules/${dev}`);
    }
  });

  it('keeps native code out of the asar, the Electron build of better-sqlite3 where the app looks', () => {
    const native = files.filter((f) => f.endsWith('.node'));
    expect(native).toContain('/native/electron/better_sqlite3.node');
    for (const f of native) {
      expect(asar.statFile(archive, f.slice(1)), f).toMatchObject({ unpacked: true });
      expect(fs.existsSync(path.join(`${archive}.unpacked`, f)), f).toBe(true);
    }
    // What the main process computes in a package (app root = resources/app.asar).
    expect(electronNativeBinding(archive)).toBe(
      path.join(`${archive}.unpacked`, 'native', 'electron', 'better_sqlite3.node'),
    );
  });

  it('has its fuses set in the packaged binary', async () => {
    await expectFusesSet(path.join(unpacked, 'eventlens'));
  });
});

describe('npm run dist', () => {
  it('says in one line that the Electron release cannot be had here, and exits 1', () => {
    const { dir, cleanup } = tempDir();
    try {
      const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'dist.mjs')], {
        encoding: 'utf8',
        // Nothing cached, and a mirror that refuses at once: as on a machine without internet.
        env: { ...process.env, ELECTRON_CACHE: dir, ELECTRON_MIRROR: 'http://127.0.0.1:9/' },
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(
        new RegExp(`^eventlens dist: cannot package: the Electron ${electronVersion} release `),
      );
      expect(run.stderr).toContain('cannot be downloaded here (http://127.0.0.1:9/');
    } finally {
      cleanup();
    }
  });
});
