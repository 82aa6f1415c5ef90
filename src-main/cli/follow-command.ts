import type { ImportSpec } from '../../src-shared/contract/import-spec';
import type { Engine } from '../engine/engine';
import { EngineError } from '../engine/errors';
import {
  checkFollow,
  Follower,
  FollowConflictError,
  FollowPatternError,
  FollowStore,
  openSource,
} from '../engine/follow';
import { ImportSpecError } from '../engine/import/resolve-spec';
import { UsageError, exitCodes } from './command';
import type { ImportValues } from './import-options';
import { openEngine } from './open-engine';
import { formatJson, writeLine } from './output';
import { countOf, formatCount, ProgressLine } from './progress-line';

/** Flags of a one-shot import that mean nothing for a file that keeps growing. */
const oneShotOnly = ['dry-run', 'strict', 'preview', 'report'] as const;

/**
 * `eventlens import --follow FILE|GLOB... --instance I`: follows each pattern until Ctrl-C (or
 * SIGTERM), which stops after the batch being written; the positions are kept in the database,
 * so the same command later continues exactly where this one stopped.
 */
export async function runFollow(
  values: ImportValues,
  spec: ImportSpec,
  patterns: string[],
): Promise<number> {
  for (const flag of oneShotOnly) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} cannot be used with --follow`);
  }
  try {
    // Everything that can be checked is checked before the database is opened.
    for (const p of patterns) await checkFollow(spec, p);
  } catch (err) {
    if (err instanceof ImportSpecError || err instanceof FollowPatternError) {
      throw new UsageError(err.message);
    }
    throw err;
  }
  let engine: Engine;
  try {
    engine = openEngine(values.db);
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    console.error(`eventlens: ${err.message}`);
    return exitCodes.failed;
  }
  const progress = new ProgressLine(values.quiet === true);
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    progress.message('eventlens: stopping after the current batch (the position is kept)…');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const notes: string[] = [];
  try {
    const store = new FollowStore(engine.db);
    const followers = patterns.map(
      (p) =>
        new Follower(engine, store, openSource(engine, spec, p), {
          onNote: (note) => {
            notes.push(note);
            progress.message(`eventlens: ${note}`);
          },
        }),
    );
    const ticker = setInterval(() => {
      const all = followers.map((f) => f.stats());
      const sum = (k: 'events' | 'bad' | 'rate' | 'files') => all.reduce((n, s) => n + s[k], 0);
      const bad = sum('bad') > 0 ? `, ${formatCount(sum('bad'))} bad` : '';
      progress.update(
        `following ${countOf(sum('files'), 'file')}: ${formatCount(sum('events'))} events${bad}, ` +
          `${formatCount(sum('rate'))} events/s`,
      );
    }, 500);
    const runs = followers.map((f) =>
      f.run(stop.signal).catch((err: unknown) => {
        stop.abort(); // one failing source stops the command; the others keep their positions
        throw err;
      }),
    );
    const results = await Promise.allSettled(runs);
    clearInterval(ticker);
    progress.done();
    const failed = results.find((r) => r.status === 'rejected');
    const stats = followers.map((f, i) => ({ pattern: patterns[i]!, ...f.stats() }));
    if (values.json) {
      await writeLine(process.stdout, formatJson({ sources: stats, notes }, false));
    } else {
      const events = stats.reduce((n, s) => n + s.events, 0);
      const bad = stats.reduce((n, s) => n + s.bad, 0);
      const lines = [
        `Stored ${countOf(events, 'event')} into "${spec.instance}"` +
          (bad > 0 ? `; ${countOf(bad, 'line')} not imported` : '') +
          (failed ? '.' : '. The position is kept: the same command continues from here.'),
      ];
      for (const s of stats) if (s.lastBadLine) lines.push(`  last bad line: ${s.lastBadLine}`);
      await writeLine(process.stdout, lines.join('\n'));
    }
    if (failed) {
      const err: unknown = failed.reason;
      const known =
        err instanceof EngineError ||
        err instanceof FollowConflictError ||
        err instanceof ImportSpecError;
      if (!known) throw err;
      console.error(`eventlens: ${err.message}`);
      return exitCodes.failed;
    }
    return exitCodes.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    engine.close();
  }
}
