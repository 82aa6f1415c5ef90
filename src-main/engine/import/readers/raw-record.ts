/**
 * What a reader yields: one record of a file, or a line it could not read. `text` is the record
 * as written (for the bad-line report and the `raw` metadata option).
 */
export interface RawRecord {
  /** 1-based line where the record starts. */
  line: number;
  text: string;
  value?: Record<string, unknown>;
  error?: string;
}

/** Counters a reader keeps up to date while it runs. */
export interface ReadState {
  /** Lines read so far. */
  lines: number;
}

export type RecordReader = (
  chunks: AsyncIterable<string>,
  state: ReadState,
) => AsyncGenerator<RawRecord[]>;

/** A cell or group that is a canonical number (`42`, `-1.5`; not `007`, `1.0`, `1e3`). */
const canonicalNumber = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?$/u;

export function castNumber(text: string): string | number {
  if (!canonicalNumber.test(text)) return text;
  const n = Number(text);
  return String(n) === text ? n : text;
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
