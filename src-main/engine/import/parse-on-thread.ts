import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportSpec } from '../../../src-shared/contract/import-spec';
import { ImportSpecError, type ResolvedImport } from './resolve-spec';
import {
  lineThrough,
  parseFile,
  type ImportResume,
  type ParsedPart,
  type ParseOptions,
} from './parse-file';
import { ImportInputError, type TextSource } from './source';

/** What the parser thread needs to read one file as the import would on its own thread. */
export interface ParserJob {
  /** The import's validated spec: the thread resolves the file's format and mapping again. */
  spec: ImportSpec;
  file: string;
  batchSize: number;
  firstBatchSize: number | null;
  /** The clock of year-less timestamps, when the import was given one (tests). */
  nowMs: number | null;
  /** Where a continued file's reading starts (the thread skips the lines before unparsed). */
  resume: ImportResume | null;
  /** The newest timestamp before `resume`, when the thread continues a hand-off. */
  lastTs: number | null;
}

/** Parser to writer: a part of the file, or why reading failed. */
export type ParserMessage =
  { kind: 'part'; part: ParsedPart } | { kind: 'error'; name: string; message: string };

/**
 * Writer to parser: the file to read (the thread starts without one, so it can load while the
 * writer still decides where the reading starts); one more batch may come (`ack`); or stop.
 */
export type WriterMessage = { kind: 'job'; job: ParserJob } | { kind: 'ack' } | { kind: 'stop' };

/**
 * Batches the parser may run ahead of the writer: bounds the memory in flight (a batch of 5,000
 * typical events is ~2.5 MB of JSON plus its lines' text) while the parser never waits for a
 * commit it could overlap.
 */
export const batchesAhead = 4;

/**
 * The parser holds a batch's worth of short-lived objects (parsed lines, mapped events) that
 * V8's default young generation promotes before the batch is done with them: with 64 MiB,
 * garbage collection fell from ~15% to ~8% of the parser's time (docs/performance.md).
 */
const parserYoungGenerationMb = 64;

/**
 * A parser thread (parser-worker.ts), started before it is given its file: starting one and
 * loading its code takes 0.1-0.5 s on a busy machine, which the writer can spend otherwise.
 */
class ParserThread {
  private readonly worker: Worker;
  private readonly queue: ParserMessage[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(workerFile: string) {
    this.worker = new Worker(workerFile, {
      resourceLimits: { maxYoungGenerationSizeMb: parserYoungGenerationMb },
    });
    const notify = () => {
      this.wake?.();
      this.wake = null;
    };
    this.worker.on('message', (m: ParserMessage) => {
      this.queue.push(m);
      notify();
    });
    this.worker.on('error', (err) => {
      this.failure = err;
      notify();
    });
    this.worker.on('exit', (code) => {
      this.failure ??= new Error(`the import's parser thread stopped (exit code ${code})`);
      notify();
    });
  }

  /** Gives the thread `job`'s file to read: its parts, as parseFile would yield them here. */
  parts(job: ParserJob): AsyncGenerator<ParsedPart> {
    this.post({ kind: 'job', job });
    return this.read();
  }

  private async *read(): AsyncGenerator<ParsedPart> {
    for (;;) {
      const m = this.queue.shift();
      if (!m) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (m.kind === 'error') throw rebuildError(m.name, m.message);
      if (m.part.batch) this.post({ kind: 'ack' });
      yield m.part;
      if (m.part.end) return;
    }
  }

  async stop(): Promise<void> {
    this.post({ kind: 'stop' });
    await this.worker.terminate();
  }

  private post(message: WriterMessage) {
    this.worker.postMessage(message);
  }
}

/**
 * Reads, parses and maps a file on a thread of its own (parser-worker.ts) and yields its parts
 * as parseFile would on this thread, the same parts in the same order: the writer appends one
 * batch while the next is parsed, and the two cores of a small machine both work. Batches
 * cross as a few strings and typed arrays (serialized-events.ts), their buffers transferred.
 * Ending the iteration early (a cancel, an error) stops the thread.
 */
export async function* parseOnThread(
  workerFile: string,
  job: ParserJob,
): AsyncGenerator<ParsedPart> {
  const thread = new ParserThread(workerFile);
  try {
    yield* thread.parts(job);
  } finally {
    await thread.stop();
  }
}

/**
 * As parseOnThread, but the first batch is parsed on this thread while the parser thread
 * starts, which then reads on from the line after that batch (as a continued import does), so
 * the first commit does not wait for a thread to start (an opened file's first rows). The
 * parts are the same as one reading's: the first batch's part ends at its last line, and the
 * last part's `end` counts the whole file (mapping fallbacks, records out of order).
 * `source` must be resumable (not a JSON document: assertResumable).
 */
export async function* parseFirstBatchHere(
  workerFile: string,
  job: ParserJob,
  source: TextSource,
  resolved: ResolvedImport,
  options: ParseOptions,
): AsyncGenerator<ParsedPart> {
  const thread = new ParserThread(workerFile);
  try {
    let first: NonNullable<ParsedPart['end']> | undefined;
    let rest: AsyncGenerator<ParsedPart> | undefined;
    for await (const part of parseFile(source, resolved, { ...options, firstBatchOnly: true })) {
      const handOff = part.end?.handOff;
      if (!handOff || !part.batch) {
        yield part;
        if (part.end) return; // the file ended within its first batch
        continue;
      }
      first = part.end;
      const through = lineThrough(part.batch);
      // Asked before the batch is committed: the thread reads on meanwhile.
      rest = thread.parts({
        ...job,
        firstBatchSize: null,
        resume: { lines: through },
        lastTs: handOff.lastTs,
      });
      const { end: _end, ...batchPart } = part;
      yield batchPart;
      break;
    }
    if (!first || !rest) return;
    for await (const part of rest) {
      if (part.end) {
        const stats = { ...part.end.stats };
        for (const k of Object.keys(stats) as (keyof typeof stats)[]) stats[k] += first.stats[k];
        yield {
          ...part,
          end: { ...part.end, stats, outOfOrder: part.end.outOfOrder + first.outOfOrder },
        };
        return;
      }
      yield part;
    }
  } finally {
    await thread.stop();
  }
}

/**
 * The built parser thread (out/main/import-parser.js) in a bundle's folder, for runImport's
 * `parser` option; undefined when it is not there (code run from source, as in unit tests,
 * parses on its own thread).
 */
export function parserIn(dir: string): { file: string } | undefined {
  const file = path.join(dir, 'import-parser.js');
  return fs.existsSync(file) ? { file } : undefined;
}

/** The error a parser thread met, as the same class where the import tells them apart. */
function rebuildError(name: string, message: string): Error {
  if (name === 'ImportInputError') return new ImportInputError(message);
  if (name === 'ImportSpecError') return new ImportSpecError(message);
  const err = new Error(message);
  err.name = name;
  return err;
}
