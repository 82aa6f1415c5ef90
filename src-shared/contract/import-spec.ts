import { z } from 'zod';
import { structuralLimits } from './limits';

/**
 * What an import does, as plain data: the CLI builds it from flags, the UI from its mapping
 * screen, and both hand it to the engine (in process or in a worker). Every field but
 * `instance` is optional; a `preset` fills in the rest (see import-presets.ts).
 */

export const importFormats = ['auto', 'ndjson', 'json', 'csv', 'text'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** Named timestamp formats; any other string is a custom pattern such as `dd/MMM/yyyy:HH:mm:ss Z`. */
export const namedTimeFormats = ['auto', 'iso', 'epoch-s', 'epoch-ms', 'epoch-us'] as const;
export type NamedTimeFormat = (typeof namedTimeFormats)[number];

/**
 * Where a value comes from:
 * - a field of the record: dots walk into objects; a key that itself holds dots, like Zeek's
 *   `id.orig_h`, is found as it is. `match`, a regular expression, takes a part of the field's
 *   text (its first group, else the whole match), e.g. `blk_-?\d+` out of a log message;
 * - a template that joins fields, `{Channel}:{EventID}`; `{a|b}` takes the first of a and b
 *   that is present. Missing fields are empty; when all are missing the value is missing;
 * - a constant.
 */
export type FieldSource =
  { field: string; match?: string } | { template: string } | { value: string };

const fieldText = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(structuralLimits.maxFieldPathLength);

export const fieldSourceSchema: z.ZodType<FieldSource, FieldSource> = z.union([
  z.strictObject({
    field: fieldText,
    match: z
      .string()
      .min(1)
      .max(1000)
      .refine(isRegex, { message: 'must be a valid regular expression' })
      .optional(),
  }),
  z.strictObject({
    template: fieldText.refine((t) => /\{[^{}]+\}/u.test(t), {
      message: 'a template names at least one field in braces, like {Channel}:{EventID}',
    }),
  }),
  z.strictObject({ value: z.string().max(structuralLimits.maxStreamIdLength) }),
]);

function isRegex(text: string): boolean {
  try {
    new RegExp(text, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * The text forms the CLI and the UI's inputs accept: `{a}:{b}` is a template, `=text` a
 * constant, `field~regex` a part of a field, anything else a field.
 */
export function parseFieldSource(text: string): FieldSource {
  if (text.startsWith('=')) return { value: text.slice(1) };
  if (/\{[^{}]+\}/u.test(text)) return { template: text };
  const tilde = text.indexOf('~');
  if (tilde > 0) return { field: text.slice(0, tilde), match: text.slice(tilde + 1) };
  return { field: text };
}

export function formatFieldSource(source: FieldSource): string {
  if ('field' in source) return source.match ? `${source.field}~${source.match}` : source.field;
  if ('template' in source) return source.template;
  return `=${source.value}`;
}

export const timeMappingSchema = z.strictObject({
  /** Where the time is; may be left to the preset when only the format changes. */
  source: fieldSourceSchema.optional(),
  /** auto | iso | epoch-s | epoch-ms | epoch-us | a pattern (yyyy MM MMM dd HH mm ss SSS Z ...). */
  format: z.string().min(1).max(200).optional(),
  /** For patterns without a year (syslog's `MMM d HH:mm:ss`); default: inferred (see docs). */
  year: z.int().min(1).max(9999).optional(),
  /** The UTC offset of times written without a zone, like `+02:00`; default UTC. */
  utcOffset: z
    .string()
    .regex(/^[+-]\d{2}:?\d{2}$/u, { message: 'must be an offset like +02:00 or -0400' })
    .optional(),
});
export type TimeMapping = z.infer<typeof timeMappingSchema>;

export const payloadMappingSchema = z.union([
  /** Every field not used for stream, type, time, id or metadata. */
  z.strictObject({ from: z.literal('rest'), exclude: z.array(fieldText).optional() }),
  /** The whole record. */
  z.strictObject({ from: z.literal('all'), exclude: z.array(fieldText).optional() }),
  /** One subtree of the record (an object; anything else is wrapped as `{ value }`). */
  z.strictObject({ from: z.literal('field'), field: fieldText }),
]);
export type PayloadMapping = z.infer<typeof payloadMappingSchema>;

export const metadataMappingSchema = z.strictObject({
  /** A subtree of the record that becomes the base of the metadata. */
  from: fieldText.optional(),
  /** Fields copied into the metadata under their own names. */
  fields: z.array(fieldText).max(200).optional(),
  /** Add `source: { file, line }` (default true). */
  source: z.boolean().optional(),
  /** Add `raw`: the line as read (default false). */
  raw: z.boolean().optional(),
});

export const mappingSchema = z.strictObject({
  stream: fieldSourceSchema.optional(),
  /** The stream of records whose stream field is missing or empty (default "default"). */
  streamFallback: z.string().min(1).max(structuralLimits.maxStreamIdLength).optional(),
  type: fieldSourceSchema.optional(),
  /** The type of records whose type field is missing or empty (default "event"). */
  typeFallback: z.string().min(1).max(structuralLimits.maxEventTypeLength).optional(),
  /** A caller id for each event: re-importing the same file then adds nothing twice. */
  id: fieldSourceSchema.optional(),
  /** Without it every event gets the import time. */
  time: timeMappingSchema.optional(),
  payload: payloadMappingSchema.optional(),
  metadata: metadataMappingSchema.optional(),
});
export type Mapping = z.infer<typeof mappingSchema>;

export const csvOptionsSchema = z.strictObject({
  /** One character; default: sniffed from the header line (`,` `;` tab `|`). */
  delimiter: z.string().length(1).optional(),
  /** Column names when the file has no header line. */
  columns: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Cells that hold an object or array: `json` parses JSON text, `python` also Python literals
   * (`{'a': 'b', 'ok': True}`), `off` keeps text (default `json`).
   */
  nested: z.enum(['off', 'json', 'python']).optional(),
});
export type CsvOptions = z.infer<typeof csvOptionsSchema>;

export const importSpecSchema = z.strictObject({
  /** The instance's name or id. */
  instance: z.string().min(1).max(structuralLimits.maxNameLength),
  /** Create the instance when it does not exist (default true). */
  autoCreate: z.boolean().optional(),
  format: z.enum(importFormats).optional(),
  preset: z.string().min(1).max(100).optional(),
  /** Text logs: a regular expression with named groups, e.g. `^(?<host>\S+) (?<msg>.*)$`. */
  pattern: z.string().min(1).max(10_000).optional(),
  csv: csvOptionsSchema.optional(),
  /**
   * CSV cells and pattern groups that are canonical numbers (`42`, `-1.5`; not `007`, `1.0`)
   * become numbers (default true). JSON keeps its own types.
   */
  numbers: z.boolean().optional(),
  /** JSON documents: the key of the records array when the top level is an object (`Records`). */
  json: z.strictObject({ records: z.string().min(1).max(200).optional() }).optional(),
  mapping: mappingSchema.optional(),
  /** Events per transaction (default 5,000; at most the engine's batch limit). */
  batchSize: z.int().min(1).max(100_000).optional(),
  /** Bad lines kept in memory for the report (default 1,000); all of them are counted. */
  keepBadLines: z.int().min(0).max(100_000).optional(),
  /** Write every bad line to this file (NDJSON when it ends in .json/.jsonl/.ndjson, else text). */
  reportFile: z.string().min(1).optional(),
  /** Read, map and check everything, write nothing. */
  dryRun: z.boolean().optional(),
});
export type ImportSpec = z.infer<typeof importSpecSchema>;

/** One line that could not be imported. */
export interface BadLine {
  file: string;
  /** 1-based line of the file where the record starts. */
  line: number;
  reason: string;
  /** The start of the line (at most 300 characters). */
  text: string;
}

export interface ImportProgress {
  /** The file being read (as given). */
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Lines read so far, over all files. */
  lines: number;
  /** Bytes of the files read so far (compressed bytes for .gz) and in all. */
  bytesRead: number;
  bytesTotal: number;
  /** Events committed (or, in a dry run, that would be). */
  events: number;
  bad: number;
  elapsedMs: number;
  eventsPerSecond: number;
  /** Estimated from the bytes still to read; null until there is a rate. */
  etaMs: number | null;
}

export interface ImportFileReport {
  file: string;
  format: Exclude<ImportFormat, 'auto'>;
  gzip: boolean;
  bytes: number;
  lines: number;
  events: number;
  bad: number;
}

export interface ImportReport {
  status: 'completed' | 'cancelled' | 'failed';
  /** Why the import failed (status `failed`). */
  error?: string;
  dryRun: boolean;
  instance: { id: string; name: string } | null;
  instanceCreated: boolean;
  preset: string | null;
  lines: number;
  /** Events stored (in a dry run: that would be). */
  events: number;
  /** Events whose id was already stored with the same content (a re-import): not stored twice. */
  replayed: number;
  bad: number;
  /** The first bad lines (see `keepBadLines`); `bad` counts all. */
  badLines: BadLine[];
  /** The file that lists every bad line, when one was written. */
  reportFile: string | null;
  files: ImportFileReport[];
  /** The last line whose event is committed: everything up to it is in the database. */
  committedThrough: { file: string; line: number } | null;
  /** Things worth knowing that are not errors, e.g. records without a stream field. */
  notes: string[];
  elapsedMs: number;
  eventsPerSecond: number;
}

/** A field seen in the first records, for the mapping screen. */
export interface DetectedField {
  /** Dotted path; a key holding dots appears as it is. */
  path: string;
  /** JSON types seen: string, number, boolean, object, array, null. */
  types: string[];
  /** Records of the sample that have it. */
  count: number;
  /** Up to three distinct example values (strings cut at 80 characters). */
  examples: unknown[];
  /** When the values read as times: the format that read them all. */
  timeFormat?: string;
}

export interface ImportPreview {
  format: Exclude<ImportFormat, 'auto'>;
  preset: string | null;
  gzip: boolean;
  /** The spec after the preset and detection filled it in: what runImport would use. */
  spec: ImportSpec;
  fields: DetectedField[];
  /** The first records as events, before anything is written. */
  events: {
    line: number;
    file: string;
    stream_id: string;
    event_type: string;
    timestamp: string | null;
    id?: string;
    payload: unknown;
    metadata: unknown;
  }[];
  problems: BadLine[];
  notes: string[];
}
