#!/usr/bin/env node
// The `eventlens` command: a thin launcher for the built CLI (out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error(
    'eventlens: the CLI is not built yet. Run "npm run build" in the project folder first.',
  );
  process.exit(2);
}
await import(pathToFileURL(cli).href);
