import { parseInstant } from '../../../src-shared/contract/instants';
import { CatalogTally } from '../catalog/catalog-tally';
import { SerializedEventsBuilder, type SerializedEvents } from '../serialized-events';
import { compileMapping, type MappedEvent, type MappingStats } from './mapping';
import { ImportSpecError, type ResolvedImport } from './resolve-spec';
import { ImportInputError, skipLines, type TextSource } from './source';

/** A line that is not an event, as the parser met it. */
export interface ParsedBadLine {
  line: number;
  reason: string;
  text: string;
}

/** The events of one batch, serialised, with the line and text of each (for the report). */
export interface ParsedBatch {
  events: SerializedEvents;
  lines: Int32Array;
  /** Each event's text as written, back to back; `textEnds` says where each one ends. */
  texts: string;
  textEnds: Int32Array;
}

/**
 * One step of reading a file, in file order: the lines since the last step that are not
 * events, how far the reading got, and a batch when this step filled one (or ends the file).
 * The writer records `bad` before it appends `batch`, as the lines came.
 */
export interface ParsedPart {
  bad: ParsedBadLine[];
  /** Lines read so far. */
  lines: number;
  /** Bytes of the file read so far (of a .gz, the compressed bytes). */
  bytesRead: number;
  batch?: ParsedBatch;
  /** The last part of the file (or of its first batch, with `firstBatchOnly`). */
  end?: {
    stats: MappingStats;
    outOfOrder: number;
    stopped: string | null;
    /**
     * Set when the reading stopped after its first batch (`firstBatchOnly`) before the end of
     * the file, whose part's `lines` is then the batch's last line (lineThrough): the rest is
     * read from the line after it with this `lastTs`, by a reader that adds its `end` to this
     * one (parse-on-thread.ts, ImportCarry in run-import.ts).
     */
    handOff?: { lastTs: number };
  };
}

/**
 * Where a continued import starts: after line `lines` (the lines before are skipped unparsed;
 * a CSV's header line is read first). Line numbers stay the file's own.
 */
export interface ImportResume {
  lines: number;
}

export interface ParseOptions {
  batchSize: number;
  /** The first batch's size, when it should be smaller (an opened file shows rows early). */
  firstBatchSize?: number | undefined;
  now?: (() => number) | undefined;
  /** Continue the file after the lines an earlier import read (assertResumable first). */
  resume?: ImportResume | undefined;
  /**
   * The newest timestamp of the lines before `resume`, when the reading continues one that
   * just stopped (a hand-off): records older than it count as out of order, as in one reading.
   */
  lastTs?: number | undefined;
  /** Stop after the first batch, which then carries `end.handOff` (unless the file ended). */
  firstBatchOnly?: boolean | undefined;
}

/** Text formats continue at a line; a JSON document is one value and must be read anew. */
export function assertResumable(resolved: ResolvedImport, file: string): void {
  if (resolved.format === 'json') {
    throw new ImportSpecError(
      `${file}: a JSON document cannot continue where it stopped; open it anew`,
    );
  }
}

/**
 * Adds a mapped event to a serialised batch as the append path would normalise it
 * (pending-events.ts, EventPreparer.prepare), and counts its fields for the catalog; answers the characters of its JSON. The
 * import's parser and the live sources' follower build their batches with it.
 */
export function addMapped(
  builder: SerializedEventsBuilder,
  tally: CatalogTally,
  e: MappedEvent,
): number {
  const payload = JSON.stringify(e.payload);
  const metadata = JSON.stringify(e.metadata);
  const ts = e.timestamp === undefined ? NaN : Math.floor(parseInstant(e.timestamp)!);
  builder.add(e.stream_id, e.event_type, ts, e.id, payload, metadata);
  tally.add('payload', e.payload);
  tally.add('metadata', e.metadata);
  return payload.length + metadata.length;
}

/** The text of a batch's event `i`, as it was written. */
export function textOf(batch: ParsedBatch, i: number): string {
  return batch.texts.slice(i === 0 ? 0 : batch.textEnds[i - 1], batch.textEnds[i]);
}

/**
 * The last line of the file a batch covers: its last record's line, plus the line breaks
 * inside that record's text (a CSV record over several lines). A reading resumed there
 * (ImportResume) reads the line after it first.
 */
export function lineThrough(batch: ParsedBatch): number {
  const text = textOf(batch, batch.lines.length - 1);
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return batch.lines[batch.lines.length - 1]! + n;
}

/**
 * The reading of a file, continued or not: its text (of a continued file without the lines
 * already read, but with a CSV's header line, which the reader needs first), and the reader's
 * numbers back to the file's (the reader counts from the first line it is given).
 */
function reading(source: TextSource, resolved: ResolvedImport, resume?: ImportResume) {
  if (resume) assertResumable(resolved, source.file);
  const keep = resume && resolved.format === 'csv' && !resolved.spec.csv?.columns ? 1 : 0;
  const through = resume ? Math.max(keep, resume.lines) : 0;
  const by = through - keep;
  return {
    chunks: resume ? skipLines(source.chunks(), keep, through) : source.chunks(),
    /** A record's line in the file. */
    fileLine: (line: number) => (line > keep ? line + by : line),
    /** Lines of the file read after the reader read `n`: the lines skipped count as read. */
    linesRead: (n: number) => (n > keep ? n + by : through),
  };
}

/** The pieces a first batch is read in (`firstBatchOnly`): ~370 access-log lines. */
const firstChunkChars = 64 << 10;

/**
 * The same text in pieces of about `size` characters, each cut after a line break (never
 * inside a line, nor a character): a piece of a longer line runs on to its end.
 */
export async function* finerChunks(
  chunks: AsyncIterable<string>,
  size: number,
): AsyncGenerator<string> {
  for await (const text of chunks) {
    let pos = 0;
    while (text.length - pos > size) {
      const nl = text.indexOf('\n', pos + size - 1);
      if (nl < 0) break;
      yield text.slice(pos, nl + 1);
      pos = nl + 1;
    }
    if (pos < text.length) yield pos === 0 ? text : text.slice(pos);
  }
}

/**
 * A batch is also cut when its JSON text reaches this many characters, so that it stays one
 * string well inside V8's limit (~512 Mi characters) however large the events are.
 */
const maxBatchChars = 64 << 20;

/**
 * Reads, parses and maps a file into batches of serialised events: everything an import does
 * before writing, the same whether it runs beside the writer (parser-worker.ts) or on its
 * thread. A record that cannot be read or mapped is a bad line; a file that cannot be read on
 * (a broken .gz, a JSON document that is not one) ends with `stopped` and the rest of it is
 * one bad line. Other errors are thrown.
 */
export async function* parseFile(
  source: TextSource,
  resolved: ResolvedImport,
  options: ParseOptions,
): AsyncGenerator<ParsedPart> {
  const mapper = compileMapping(resolved.mapping, options.now);
  const read = reading(source, resolved, options.resume);
  const { fileLine, linesRead } = read;
  // A reader reads each chunk it is given to its end: 1 MiB, ~6,000 access-log lines, where a
  // first batch needs 500.
  const chunks = options.firstBatchOnly ? finerChunks(read.chunks, firstChunkChars) : read.chunks;
  const state = { lines: 0 };
  let builder = new SerializedEventsBuilder();
  let tally = new CatalogTally();
  let lines: number[] = [];
  let texts: string[] = [];
  let chars = 0;
  let bad: ParsedBadLine[] = [];
  let lastTs = options.lastTs ?? -Infinity;
  let outOfOrder = 0;
  let batchSize = Math.min(options.firstBatchSize ?? options.batchSize, options.batchSize);

  const part = (withBatch: boolean): ParsedPart => {
    const out: ParsedPart = { bad, lines: linesRead(state.lines), bytesRead: source.bytesRead() };
    bad = [];
    if (withBatch && builder.count > 0) {
      const textEnds = new Int32Array(texts.length);
      let end = 0;
      texts.forEach((t, i) => (textEnds[i] = end += t.length));
      out.batch = {
        events: builder.take([...tally.counts()]),
        lines: Int32Array.from(lines),
        texts: texts.join(''),
        textEnds,
      };
      builder = new SerializedEventsBuilder();
      tally = new CatalogTally();
      batchSize = options.batchSize;
      lines = [];
      texts = [];
      chars = 0;
    }
    return out;
  };

  let stopped: string | null = null;
  try {
    for await (const records of resolved.reader(chunks, state)) {
      for (const rec of records) {
        rec.line = fileLine(rec.line);
        if (rec.value === undefined) {
          bad.push({ line: rec.line, reason: rec.error ?? 'unreadable', text: rec.text });
          continue;
        }
        const out = mapper.map(rec.value, { file: source.name, line: rec.line, text: rec.text });
        if (out.error !== undefined) {
          bad.push({ line: rec.line, reason: out.error, text: rec.text });
          continue;
        }
        const e = out.event;
        if (e.timestamp !== undefined) {
          if (e.timestamp < lastTs) outOfOrder++;
          else lastTs = e.timestamp;
        }
        chars += addMapped(builder, tally, e);
        lines.push(rec.line);
        texts.push(rec.text);
        if (builder.count >= batchSize || chars >= maxBatchChars) {
          const out = part(true);
          if (options.firstBatchOnly) {
            // Read so far: through the batch's last line (the rest of the chunk is read again).
            out.lines = lineThrough(out.batch!);
            out.end = { stats: mapper.stats, outOfOrder, stopped: null, handOff: { lastTs } };
            yield out;
            return;
          }
          yield out;
        }
      }
      yield part(false);
    }
  } catch (err) {
    if (!(err instanceof ImportInputError) && !(err instanceof SyntaxError)) throw err;
    stopped = err.message;
    bad.push({
      line: linesRead(state.lines) + 1,
      reason: `stopped reading this file: ${err.message}`,
      text: '',
    });
  }
  const last = part(true);
  last.end = { stats: mapper.stats, outOfOrder, stopped };
  yield last;
}
