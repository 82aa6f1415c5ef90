import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SliceFlattener, type FlatSlice, type PathRef } from './flat-slice';
import { SourceChanged, type SourceReader } from './source-reader';

/**
 * What a catch-up copies: an instance's events after `after` up to `target`, in transactions
 * of `batch` events, each read in slices of at most `slice` events (a slice never spans two
 * transactions). `stored` is the mirror's committed catalog: its paths that have columns.
 */
export interface SliceRange {
  ino: number;
  after: number;
  target: number;
  batch: number;
  slice: number;
  stored: PathRef[];
}

/** The slices of a range, in order. */
export interface SliceStream {
  /** The next slice (rejects with SourceChanged when the log no longer has its events). */
  next(): Promise<FlatSlice>;
  /** No more slices are wanted (the catch-up ended, failed or was stopped). */
  close(): void;
}

/** Where a catch-up's slices are read and flattened: on its own thread, or on a reader's. */
export interface SliceSource {
  open(range: SliceRange): SliceStream;
  /** Ends its thread, if it has one and no range is open (a build is over). */
  release(): Promise<void>;
  close(): Promise<void>;
}

/** Where the slice that starts at `from` ends: at `slice` events, or its batch's end. */
export function sliceEnd(range: SliceRange, from: number): number {
  const batchEnd = range.after + (Math.floor((from - range.after) / range.batch) + 1) * range.batch;
  return Math.min(range.target, batchEnd, from + range.slice);
}

/** Reads events from..to and flattens them (both sources do exactly this). */
export function readSlice(
  reader: SourceReader,
  flattener: SliceFlattener,
  ino: number,
  from: number,
  to: number,
): FlatSlice {
  const rows = reader.read(ino, from, to);
  if (rows.length !== to - from) {
    throw new SourceChanged(
      `instance ${ino}: expected events ${from + 1}..${to}, found ${rows.length}`,
    );
  }
  return flattener.flatten(from, rows);
}

/** Slices read and flattened on the calling thread, when asked for: for small catch-ups. */
export class InlineSlices implements SliceSource {
  constructor(private readonly reader: SourceReader) {}

  open(range: SliceRange): SliceStream {
    const flattener = new SliceFlattener(range.stored);
    let at = range.after;
    return {
      // A throw in the executor rejects: a SourceChanged reaches the caller as a rejection.
      next: () =>
        new Promise<FlatSlice>((resolve) => {
          const to = sliceEnd(range, at);
          resolve(readSlice(this.reader, flattener, range.ino, at, to));
          at = to;
        }),
      close: () => {},
    };
  }

  async release(): Promise<void> {}

  async close(): Promise<void> {}
}

/** What the reader thread needs (mirror-reader.ts). */
export interface ReaderSetup {
  dbFile: string;
  /** better-sqlite3's addon (the Electron build in the desktop app). */
  nativeBinding?: string;
}

export type ReaderRequest =
  | { kind: 'read'; id: number; range: SliceRange; ahead: number }
  /** The slice before has been taken: one more may be read. */
  | { kind: 'ack'; id: number }
  | { kind: 'stop'; id: number };

export type ReaderReply =
  | { kind: 'slice'; id: number; slice: FlatSlice }
  | { kind: 'error'; id: number; name: string; message: string };

/**
 * Slices read ahead of the appends: at most this many wait, or are being read, beyond the one
 * being appended. A slice of shop events is ~0.8 MB of typed arrays and ~0.7 M characters of
 * strings, so memory stays ~25 MB whatever the size of the catch-up. Between one batch's last
 * append and the next batch's first (the appender's flush, then the COMMIT: ~0.6 s on a quiet
 * machine) the mirror's thread takes no slice, and the reader makes one in ~70 ms: four ahead
 * stopped it for ~0.3 s of every batch (the 1M build waited ~5 s for slices), eight keep it
 * busy (~3 s of waiting left, the reader's own pace), sixteen measured no better;
 * performance.md.
 */
const sliceAhead = 8;

/**
 * The reader's young generation: a slice's parsed payloads live until the slice is flattened;
 * with V8's default a good part of them is promoted and copied (as in the import's parser,
 * parse-on-thread.ts).
 */
const readerYoungGenerationMb = 64;

/**
 * Slices read and flattened on a thread of its own (mirror-reader.ts, with its own read-only
 * connection to the log), `sliceAhead` ahead of the mirror's thread: it reads slice N+1 while
 * the mirror's thread appends slice N or waits for a commit, so a build uses both cores.
 * Started when first needed; a thread that fails fails the streams open on it, and the next
 * range starts another.
 */
export class ThreadSlices implements SliceSource {
  private worker: Worker | null = null;
  private readonly streams = new Map<number, ThreadStream>();
  private nextId = 1;

  constructor(
    private readonly script: string,
    private readonly setup: ReaderSetup,
  ) {}

  open(range: SliceRange): SliceStream {
    const worker = this.start();
    const id = this.nextId++;
    const stream = new ThreadStream(
      () => worker.postMessage({ kind: 'ack', id } satisfies ReaderRequest),
      () => {
        this.streams.delete(id);
        worker.postMessage({ kind: 'stop', id } satisfies ReaderRequest);
      },
    );
    this.streams.set(id, stream);
    worker.postMessage({ kind: 'read', id, range, ahead: sliceAhead } satisfies ReaderRequest);
    return stream;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, {
      workerData: this.setup satisfies ReaderSetup,
      resourceLimits: { maxYoungGenerationSizeMb: readerYoungGenerationMb },
    });
    worker.unref();
    worker.on('message', (m: ReaderReply) => {
      const stream = this.streams.get(m.id);
      if (!stream) return; // closed meanwhile
      if (m.kind === 'slice') stream.put(m.slice);
      else
        stream.fail(
          m.name === 'SourceChanged' ? new SourceChanged(m.message) : new Error(m.message),
        );
    });
    const failed = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const s of this.streams.values()) s.fail(err);
      this.streams.clear();
    };
    worker.on('error', failed);
    worker.on('exit', (code) =>
      failed(new Error(`the mirror's reader thread stopped (exit code ${code})`)),
    );
    this.worker = worker;
    return worker;
  }

  async release(): Promise<void> {
    if (this.streams.size === 0) await this.close();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const s of this.streams.values()) s.fail(new Error('the mirror closed'));
    this.streams.clear();
    await worker?.terminate();
  }
}

/** One range's slices as they arrive from the reader thread. */
class ThreadStream implements SliceStream {
  private readonly queue: FlatSlice[] = [];
  private failure: Error | null = null;
  private waiting: { resolve: (s: FlatSlice) => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly ack: () => void,
    private readonly stop: () => void,
  ) {}

  put(slice: FlatSlice): void {
    if (this.waiting) {
      this.waiting.resolve(slice);
      this.waiting = null;
      this.ack();
    } else this.queue.push(slice);
  }

  fail(err: Error): void {
    this.failure ??= err;
    this.waiting?.reject(err);
    this.waiting = null;
  }

  next(): Promise<FlatSlice> {
    const slice = this.queue.shift();
    if (slice) {
      this.ack();
      return Promise.resolve(slice);
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  close(): void {
    this.queue.length = 0;
    this.failure ??= new Error('closed');
    this.stop();
  }
}

/** The built reader thread (out/main/mirror-reader.js) in a bundle's folder, if it is there. */
export function readerScriptIn(dir: string): string | undefined {
  const file = path.join(dir, 'mirror-reader.js');
  return fs.existsSync(file) ? file : undefined;
}
