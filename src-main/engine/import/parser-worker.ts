/**
 * The import's parser thread (built as out/main/import-parser.js): reads, parses and maps the
 * file of the writer's first message (`job`; the thread starts before it is known) with
 * parseFile and posts its parts to the writing thread (parse-on-thread.ts), at most
 * `batchesAhead` batches unacknowledged, their buffers transferred. Parts without a batch (the
 * bad lines and progress of one chunk read) cost no credit: at most a batch's worth of them
 * come between two batches, and holding them back would stall the parser during a commit.
 */
import { workerPort } from '../worker-port';
import { transferablesOf } from '../serialized-events';
import { parseFile } from './parse-file';
import {
  batchesAhead,
  type ParserJob,
  type ParserMessage,
  type WriterMessage,
} from './parse-on-thread';
import { resolveImport } from './resolve-spec';
import { openSource, readHead } from './source';

const port = workerPort('import-parser', 'parseOnThread');

let credit = batchesAhead;
let stopped = false;
let wake: (() => void) | null = null;
port.on('message', (m: WriterMessage) => {
  if (m.kind === 'job') {
    // The writer ends this thread (terminate) once it has the last part or the error: closing
    // the port here could drop a message still on its way.
    run(m.job).catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ kind: 'error', name: e.name, message: e.message } satisfies ParserMessage);
    });
    return;
  }
  if (m.kind === 'stop') stopped = true;
  else credit++;
  wake?.();
  wake = null;
});

async function run(job: ParserJob): Promise<void> {
  const source = openSource(job.file);
  const resolved = await resolveImport(job.spec, job.file, () => readHead(job.file));
  const now = job.nowMs === null ? undefined : () => job.nowMs!;
  const options = {
    batchSize: job.batchSize,
    firstBatchSize: job.firstBatchSize ?? undefined,
    now,
    resume: job.resume ?? undefined,
    lastTs: job.lastTs ?? undefined,
  };
  for await (const part of parseFile(source, resolved, options)) {
    const b = part.batch;
    if (b) {
      while (credit === 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
    }
    if (stopped) return;
    const transfer = b
      ? [
          ...transferablesOf(b.events),
          b.lines.buffer as ArrayBuffer,
          b.textEnds.buffer as ArrayBuffer,
        ]
      : [];
    port.postMessage({ kind: 'part', part } satisfies ParserMessage, transfer);
  }
}
