import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportSpec } from '../../../src-shared/contract/import-spec';
import { ImportSpecError } from './resolve-spec';
import type { ImportResume, ParsedPart } from './parse-file';
import { ImportInputError } from './source';

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
}

/** Parser to writer: a part of the file, or why reading failed. */
export type ParserMessage =
  { kind: 'part'; part: ParsedPart } | { kind: 'error'; name: string; message: string };

/** Writer to parser: one more batch may come (`ack`); or stop reading. */
export type WriterMessage = { kind: 'ack' } | { kind: 'stop' };

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
  const worker = new Worker(workerFile, {
    workerData: job,
    resourceLimits: { maxYoungGenerationSizeMb: parserYoungGenerationMb },
  });
  const queue: ParserMessage[] = [];
  let failure = null as Error | null; // set by the handlers below
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: ParserMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (err) => {
    failure = err;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the import's parser thread stopped (exit code ${code})`);
    notify();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (m.kind === 'error') throw rebuildError(m.name, m.message);
      if (m.part.batch) worker.postMessage({ kind: 'ack' } satisfies WriterMessage);
      yield m.part;
      if (m.part.end) return;
    }
  } finally {
    worker.postMessage({ kind: 'stop' } satisfies WriterMessage);
    await worker.terminate();
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
