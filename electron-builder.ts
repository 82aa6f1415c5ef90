import { flipFuses, FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';
import { Arch, type AfterPackContext, type Configuration } from 'electron-builder';
import path from 'node:path';

/**
 * How the desktop app is packaged (`npm run dist`, scripts/dist.mjs; electron-builder finds this
 * file by its name). packaging-config.test.ts holds it to what the README promises.
 */

/**
 * Electron's fuses, flipped in the packaged binary before it is signed, so the OS's signature
 * check keeps them as set. Every fuse is named (`strictlyRequireAllFuses`): an Electron with a new
 * fuse stops the packaging until someone decides about it.
 */
export const fuses: FuseV1Config = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node for anyone.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anyone inject code into the signed app.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar must match the hash embedded at packaging time (macOS and Windows check it), and
  // the app is loaded from nowhere else (not from a planted resources/app folder).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer comes from eventlens://, never file://.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** The Electron binary electron-builder just laid out (named after the app). */
export function packagedExecutable(context: AfterPackContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${name}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, (packager as unknown as { executableName: string }).executableName);
}

/** Flips the fuses (after the app is laid out, before signing). */
export async function afterPack(context: AfterPackContext): Promise<void> {
  await flipFuses(packagedExecutable(context), {
    ...fuses,
    // An unsigned arm64 macOS binary must be signed again (ad hoc) once changed, or it won't run.
    resetAdHocDarwinSignature:
      context.electronPlatformName === 'darwin' && context.arch === Arch.arm64,
  });
}

/**
 * Files the app is offered for ("Open with"; the app opens them straight away: open-requests.ts).
 * Default only for the formats that are logs and nothing else; one choice among others for
 * .log, .csv, .json and .gz, which other programs rightly own.
 */
const logFiles = [
  { ext: 'log', name: 'Log file', mimeType: 'text/x-log', rank: 'Alternate' },
  { ext: 'ndjson', name: 'NDJSON log', mimeType: 'application/x-ndjson', rank: 'Default' },
  { ext: 'jsonl', name: 'JSON Lines log', mimeType: 'application/jsonl', rank: 'Default' },
  { ext: 'csv', name: 'CSV events', mimeType: 'text/csv', rank: 'Alternate' },
  { ext: 'json', name: 'JSON events', mimeType: 'application/json', rank: 'Alternate' },
  // The OSes associate by the last extension only, so .json.gz (and .log.gz, .ndjson.gz) is
  // offered through .gz: as one choice among others, never as the default for every gzip file.
  {
    ext: 'gz',
    name: 'Compressed log',
    description: 'A gzip-compressed log (.json.gz, .log.gz, .ndjson.gz)',
    mimeType: 'application/gzip',
    rank: 'Alternate',
  },
] as const;

const config: Configuration = {
  appId: 'dev.eventlens.desktop',
  productName: 'Eventlens',
  executableName: 'eventlens',
  copyright: 'Copyright © Eventlens contributors',
  directories: { output: 'dist', buildResources: 'build' },
  // The built app and the Electron build of better-sqlite3; electron-builder adds package.json and
  // the production dependencies (node_modules) itself. The CLI and the benchmarks are not the
  // desktop app's; better-sqlite3's own build is for Node's ABI and its sources are not needed.
  files: [
    'out/main/**',
    '!out/main/cli.js',
    '!out/main/bench.js',
    '!out/main/chunks/*bench*',
    'out/preload/**',
    'out/renderer/**',
    'native/electron/better_sqlite3.node',
    '!node_modules/better-sqlite3/{build,deps,src,docs,benchmark}/**',
  ],
  asar: true,
  // The OS loads native code from real files, never from inside app.asar: better-sqlite3's
  // Electron build (found by src-main/electron/database.ts in app.asar.unpacked) and DuckDB's
  // bindings (a .node beside its shared library) once DuckDB is a runtime dependency.
  asarUnpack: ['**/*.node', 'node_modules/@duckdb/node-bindings*/**'],
  // Never rebuild native modules in place: that builds against the wrong headers and can delete
  // the Node build the CLI and the tests use (see scripts/build-electron-sqlite.mjs). The
  // Electron build in native/electron is what the app loads.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  afterPack,
  fileAssociations: logFiles.map((f) => ({ ...f, role: 'Viewer' })),
  // Links that reopen a view (issue 19 handles them); the app already serves its own pages from
  // this scheme, which the OS never sees.
  protocols: [{ name: 'Eventlens link', schemes: ['eventlens'] }],
  // A .deb must name a maintainer (with an address) and a homepage: placeholders (.invalid)
  // until the project has a public home.
  extraMetadata: { homepage: 'https://eventlens.invalid/' },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    synopsis: 'A workbench for append-only event logs',
    maintainer: 'Eventlens contributors <maintainers@eventlens.invalid>',
  },
  mac: {
    target: 'dmg',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
  },
  win: { target: 'nsis' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
};

export default config;
