import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;

/**
 * One build for every process: the Electron main process and the plain-Node entry points that
 * share its engine (CLI, browser-mode server, I/O worker, benchmarks), the preload, and the renderer.
 */
export default defineConfig(({ command }) => ({
  main: {
    // True only in `electron-vite dev` (src-main/electron/build-flags.d.ts).
    define: { __EVENTLENS_DEV__: JSON.stringify(command === 'serve') },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          cli: resolve(root, 'src-main/cli/main.ts'),
          bench: resolve(root, 'src-main/bench/main.ts'),
          'io-worker': resolve(root, 'src-main/engine/io-worker/entry.ts'),
          'follow-worker': resolve(root, 'src-main/engine/follow/follow-worker.ts'),
          'query-worker': resolve(root, 'src-main/engine/query/query-worker.ts'),
          'mirror-worker': resolve(root, 'src-main/engine/mirror/mirror-worker.ts'),
          'mirror-reader': resolve(root, 'src-main/engine/mirror/mirror-reader.ts'),
          'import-parser': resolve(root, 'src-main/engine/import/parser-worker.ts'),
        },
        // Native addons stay outside the bundle: better-sqlite3, DuckDB (the columnar mirror,
        // src-main/engine/mirror/; N-API, so one build serves Node and Electron), and re2-wasm,
        // which loads its .wasm file from beside its own module.
        external: ['better-sqlite3', '@duckdb/node-api', '@duckdb/node-bindings', 're2-wasm'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src-main/electron/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves bundles unminified; the renderer's is parsed on every window open.
      minify: true,
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
}));
