/**
 * The mirror's reader thread (built as out/main/mirror-reader.js): reads a catch-up's events
 * from the SQLite log (a read-only connection of its own) and flattens them into typed columns
 * (flat-slice.ts), a slice at a time, at most `ahead` slices beyond what the mirror's thread
 * has taken, their buffers transferred (slice-source.ts ThreadSlices). One range at a time: a
 * new one replaces the last. It holds nothing the mirror's transactions decide (flat-slice.ts
 * SliceFlattener, one per range, seeded with the mirror's committed catalog), so a rollback
 * there needs nothing undone here.
 */
import { workerData } from 'node:worker_threads';
import { workerPort } from '../worker-port';
import { openDatabase } from '../db/connection';
import { SliceFlattener, transferablesOf } from './flat-slice';
import {
  readSlice,
  sliceEnd,
  type ReaderReply,
  type ReaderRequest,
  type ReaderSetup,
  type SliceRange,
} from './slice-source';
import { SourceReader } from './source-reader';

const port = workerPort('mirror-reader', 'ThreadSlices');
const setup = workerData as ReaderSetup;

const { db } = openDatabase(setup.dbFile, {
  readonly: true,
  integrityCheck: false,
  ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
});
const reader = new SourceReader(db);

let current: {
  id: number;
  range: SliceRange;
  flattener: SliceFlattener;
  at: number;
  credit: number;
} | null = null;
let scheduled = false;

port.on('message', (m: ReaderRequest) => {
  if (m.kind === 'read') {
    const flattener = new SliceFlattener(m.range.stored);
    current = { id: m.id, range: m.range, flattener, at: m.range.after, credit: m.ahead };
  } else if (current?.id !== m.id) {
    return; // about a range replaced since
  } else if (m.kind === 'ack') {
    current.credit++;
  } else {
    current = null;
  }
  schedule();
});

/** Reads the next slice on a later turn, so that stops and acks are heard between slices. */
function schedule(): void {
  if (scheduled || !current || current.credit === 0 || current.at >= current.range.target) return;
  scheduled = true;
  setImmediate(step);
}

function step(): void {
  scheduled = false;
  const c = current;
  if (!c || c.credit === 0 || c.at >= c.range.target) return;
  const to = sliceEnd(c.range, c.at);
  try {
    const slice = readSlice(reader, c.flattener, c.range.ino, c.at, to);
    c.at = to;
    c.credit--;
    port.postMessage(
      { kind: 'slice', id: c.id, slice } satisfies ReaderReply,
      transferablesOf(slice),
    );
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    port.postMessage({
      kind: 'error',
      id: c.id,
      name: e.name,
      message: e.message,
    } satisfies ReaderReply);
    current = null;
  }
  schedule();
}
