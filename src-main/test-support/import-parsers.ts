import type { ImportOptions } from '../engine/import/run-import';
import { requireBuilt } from './run-cli';

/**
 * The two ways an import parses, for tests that run every case both ways: on the writing
 * thread (code run from source), and on the parser thread the CLI and the app use (the built
 * out/main/import-parser.js, for every file however small), which must give the same reports
 * and the same stored events.
 */
export const importParsers: [string, () => ImportOptions][] = [
  ['parsing on the writing thread', () => ({})],
  [
    'parsing on a thread of its own',
    () => ({ parser: { file: requireBuilt('import-parser.js'), minBytes: 0 } }),
  ],
];
