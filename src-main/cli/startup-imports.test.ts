import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot, requireBuild } from '../test-support/built-cli';

/**
 * What each built entry loads before it runs a line of its own: its static imports, followed
 * through the bundle's chunks. DuckDB's binding takes ~0.3 s to load and the Parquet writer
 * ~65 ms; with them, `eventlens --version` took 0.88 s and serve printed its address after
 * ~0.8 s on a 10M-event file (docs/performance.md, "From start to first rows"). The commands
 * and workers that need them import them when they run (mirror-worker.js is DuckDB's thread).
 */
const outMain = path.join(repoRoot, 'out', 'main');
const heavy = /["'](@duckdb\/node-api|hyparquet-writer)["']/u;

function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = fs.readFileSync(entry, 'utf8');
  // Static imports only: `import … from "./x.js"` and `import "./x.js"`; import("…") is lazy.
  for (const m of text.matchAll(
    /(?:^|[;\n}])\s*import\s*(?:[^'"();]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/gu,
  )) {
    staticGraph(path.resolve(path.dirname(entry), m[1]!), seen);
  }
  return seen;
}

it('the CLI, the desktop main process and the query and I/O workers start without DuckDB or the Parquet writer', () => {
  requireBuild();
  for (const entry of ['cli.js', 'index.js', 'query-worker.js', 'io-worker.js']) {
    const files = [...staticGraph(path.join(outMain, entry))];
    expect(files.length, entry).toBeGreaterThan(1);
    const loading = files.filter((f) => heavy.test(fs.readFileSync(f, 'utf8')));
    expect(
      loading.map((f) => path.relative(outMain, f)),
      entry,
    ).toEqual([]);
  }
  // The check sees what it is meant to: the mirror's worker does load DuckDB.
  const mirror = [...staticGraph(path.join(outMain, 'mirror-worker.js'))];
  expect(mirror.some((f) => heavy.test(fs.readFileSync(f, 'utf8')))).toBe(true);
});
