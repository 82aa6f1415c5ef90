import { parseArgs } from 'node:util';
import type { Engine } from '../engine/engine';
import { mirrorFileFor, removeMirrorFiles } from '../engine/mirror/mirror-files';
import { readerScriptIn } from '../engine/mirror/slice-source';
import { UsageError, exitCodes, type Command } from './command';
import { describeMirror } from './mirror-progress';
import { dbOption, openEngine } from './open-engine';
import { formatJson, writeLine } from './output';
import { cancelOnSigint, cancelledExitCode, formatDuration, ProgressLine } from './progress-line';

/** The mirror's reader thread, built beside the CLI's bundle (out/main/mirror-reader.js). */
const readerScript = readerScriptIn(import.meta.dirname);

const help = `Usage: eventlens mirror [status | build | drop] [options]

The columnar mirror answers aggregations and scans over payload and metadata fields: a DuckDB
file beside the database (<db>.mirror.duckdb) that follows its events (docs/mirror.md). The
desktop app and "eventlens serve" build and keep it by themselves, in the background; SQLite
answers until it is there, with the same results.

  status   how far it is per instance, its size, and whether it can be trusted (the default);
           prints JSON on stdout
  build    builds it now (or catches it up), with progress on stderr; Ctrl-C stops it, and the
           next build or host resumes from the last batch it committed
  drop     deletes it; the next host rebuilds it (it is derived data)

Options:
  --db PATH          the database (default: $EVENTLENS_DB, else the desktop app's)
  --batch-size N     build: events per DuckDB transaction (default 122880, a row group)
  -q, --quiet        build: no progress on stderr

Exit code: 0 done, 1 another process holds the mirror (build, drop) or it failed, 2 usage
error, 130 build cancelled.`;

export const mirrorCommand: Command = {
  name: 'mirror',
  summary: 'the columnar mirror of the database: status, build, drop',
  help,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...dbOption,
        'batch-size': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    const action = positionals[0] ?? 'status';
    if (positionals.length > 1 || !['status', 'build', 'drop'].includes(action)) {
      throw new UsageError(
        `mirror: expected status, build or drop, got "${positionals.join(' ')}"`,
      );
    }
    const batch = values['batch-size'];
    if (batch !== undefined && !/^[1-9]\d{0,6}$/u.test(batch)) {
      throw new UsageError(`--batch-size: expected a number of events, got "${batch}"`);
    }
    const engine = openEngine(values.db);
    try {
      if (engine.db.memory) throw new UsageError('mirror: an in-memory database has no mirror');
      const file = mirrorFileFor(engine.file);
      // DuckDB is loaded here, not with the CLI: 0.3 s that every other command would pay.
      const { checkMirror } = await import('../engine/mirror/mirror-check');
      if (action === 'status') {
        await writeLine(process.stdout, formatJson(await checkMirror(engine.db, file), true));
        return exitCodes.ok;
      }
      if (action === 'drop') {
        if ((await checkMirror(engine.db, file)).heldElsewhere) {
          console.error('eventlens: another process has the mirror open; stop it first');
          return exitCodes.failed;
        }
        removeMirrorFiles(file);
        return exitCodes.ok;
      }
      return await build(
        engine,
        file,
        batch === undefined ? undefined : Number(batch),
        !!values.quiet,
      );
    } finally {
      engine.close();
    }
  },
};

async function build(
  engine: Engine,
  file: string,
  batch: number | undefined,
  quiet: boolean,
): Promise<number> {
  const progress = new ProgressLine(quiet);
  let copying = false;
  const started = performance.now();
  const { MirrorKeeper } = await import('../engine/mirror/mirror-keeper');
  const keeper = new MirrorKeeper({
    db: engine.db,
    mirrorFile: file,
    ...(readerScript ? { readerScript } : {}),
    // No warm-up: this process ends once the mirror is built, and its buffer pool with it.
    config: { warmUp: false, ...(batch !== undefined ? { buildBatch: batch } : {}) },
    onStatus: (status) => {
      if (status.mirrored >= status.events) return;
      // The first line says at once that it opened, checked and copies (a pipe's first
      // line otherwise waits a second); mirror-crash.test times its kills from it.
      if (copying) progress.update(describeMirror(status));
      else progress.start(describeMirror(status));
      copying = true;
    },
  });
  const { signal, dispose } = cancelOnSigint(progress);
  signal.addEventListener('abort', () => void keeper.close(), { once: true });
  try {
    await keeper.start();
    await keeper.idle();
    const status = keeper.status();
    progress.done();
    if (status.state === 'unavailable' || status.state === 'failed') {
      console.error(`eventlens: ${describeMirror(status)}`);
      return exitCodes.failed;
    }
    if (signal.aborted) return cancelledExitCode;
    if (!quiet) {
      progress.message(
        `${describeMirror(status)}, in ${formatDuration(performance.now() - started)}`,
      );
    }
    await writeLine(process.stdout, formatJson(status, true));
    return exitCodes.ok;
  } finally {
    dispose();
    await keeper.close();
  }
}
