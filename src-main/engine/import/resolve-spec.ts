import type { ImportSpec, Mapping } from '../../../src-shared/contract/import-spec';
import {
  findPreset,
  importPresets,
  type ImportPreset,
} from '../../../src-shared/contract/import-presets';
import { detectFormat, detectPreset, type ConcreteFormat } from './detect';
import { recordsInHead } from './readers/json-reader';
import { csvReader } from './readers/csv-reader';
import { readNdjson } from './readers/ndjson-reader';
import { jsonReader } from './readers/json-reader';
import type { RecordReader } from './readers/raw-record';
import { Readable } from 'node:stream';
import { compileLinePattern, textReader, type PatternError } from './readers/text-reader';
import { detectTimeFormat, TimePatternError, timeParserFor } from './time-format';
import { compileMapping } from './mapping';

/** A spec that cannot work (unknown preset, bad pattern, ...): nothing was read or written. */
export class ImportSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportSpecError';
  }
}

/** A spec made concrete for one file: the reader to use and the whole mapping. */
export interface ResolvedImport {
  format: ConcreteFormat;
  preset: ImportPreset | null;
  mapping: Mapping;
  reader: RecordReader;
  /** The spec as it will run: the preset and detection filled in. */
  spec: ImportSpec;
}

const timeNames = [
  'timestamp',
  '@timestamp',
  'time',
  'ts',
  'created_at',
  'createdAt',
  'eventTime',
  'datetime',
  'date',
  'Timestamp',
  'Time',
  'Date',
];
const typeNames = [
  'event_type',
  'eventType',
  'type',
  'event',
  'eventName',
  'action',
  '_path',
  'kind',
  'name',
];
const streamNames = [
  'stream_id',
  'streamId',
  'stream',
  'session_id',
  'sessionId',
  'session',
  'user_id',
  'userId',
  'user',
  'host',
  'hostname',
  'Hostname',
  'client',
  'ip',
];

/** A first mapping for records no preset knows: well-known field names, and a time that parses. */
export function suggestMapping(records: Record<string, unknown>[]): Mapping {
  const first = records[0] ?? {};
  const has = (k: string) => records.some((r) => Object.hasOwn(r, k));
  const text = (k: string) =>
    records.some((r) => typeof r[k] === 'string' || typeof r[k] === 'number');
  const mapping: Mapping = { payload: { from: 'rest' }, metadata: { source: true } };
  const timeKey =
    timeNames.find((k) => has(k) && detectTimeFormat(first[k]) !== null) ??
    Object.keys(first).find(
      (k) => /time|date|^ts$/iu.test(k) && detectTimeFormat(first[k]) !== null,
    );
  if (timeKey) mapping.time = { source: { field: timeKey }, format: 'auto' };
  const typeKey = typeNames.find((k) => k !== timeKey && has(k) && text(k));
  if (typeKey) mapping.type = { field: typeKey };
  const streamKey = streamNames.find((k) => k !== typeKey && has(k) && text(k));
  if (streamKey) mapping.stream = { field: streamKey };
  return mapping;
}

/** The preset's (or suggested) mapping with the spec's own choices on top. */
export function mergeMapping(base: Mapping, own: Mapping | undefined): Mapping {
  if (!own) return base;
  const merged: Mapping = { ...base, ...own };
  if (own.time || base.time) merged.time = { ...base.time, ...own.time };
  if (own.metadata || base.metadata) merged.metadata = { ...base.metadata, ...own.metadata };
  return merged;
}

function headRecords(
  format: ConcreteFormat,
  head: string,
  reader: RecordReader,
): Promise<Record<string, unknown>[]> {
  if (format === 'json')
    return Promise.resolve(recordsInHead(head).flatMap((r) => (r.value ? [r.value] : [])));
  return (async () => {
    const out: Record<string, unknown>[] = [];
    const lines = head.split('\n');
    if (lines.length > 1) lines.pop(); // the last line of a head may be cut short
    for await (const batch of reader(Readable.from([lines.join('\n') + '\n']), { lines: 0 })) {
      for (const r of batch) if (r.value) out.push(r.value);
      if (out.length >= 20) break;
    }
    return out.slice(0, 20);
  })();
}

/**
 * Fills in a spec for one file: format (given, else from the preset, else detected), preset
 * (given, else detected), reader, and the mapping (the preset's, else suggested from the first
 * records, with the spec's own choices on top). Throws ImportSpecError naming the file.
 * `head`: the file's first characters (readHead), or how to read them: a spec resolved before
 * (a job's, its format and preset filled in) is not detected again, and its file not read.
 */
export async function resolveImport(
  spec: ImportSpec,
  file: string,
  head: string | (() => Promise<string>),
): Promise<ResolvedImport> {
  let text = typeof head === 'string' ? head : undefined;
  const headText = async () => (text ??= await (head as () => Promise<string>)());
  const detect = async () => detectFormat(file, await headText());
  let preset: ImportPreset | null = null;
  if (spec.preset !== undefined) {
    preset = findPreset(spec.preset) ?? null;
    if (!preset) {
      throw new ImportSpecError(
        `preset: unknown preset "${spec.preset}" (known: ${importPresets.map((p) => p.name).join(', ')})`,
      );
    }
  }
  const jsonFamily = (f: string | undefined) => f === 'ndjson' || f === 'json';
  let format: ConcreteFormat;
  if (spec.format !== undefined && spec.format !== 'auto') format = spec.format;
  else if (preset && jsonFamily(preset.format)) {
    const detected = await detect();
    format = jsonFamily(detected) ? detected : preset.format;
  } else format = preset ? preset.format : await detect();
  if (!preset && spec.preset === undefined && !spec.pattern) {
    preset = detectPreset(format, await headText());
  }
  if (preset && preset.format !== format && !(jsonFamily(preset.format) && jsonFamily(format))) {
    if (spec.preset !== undefined) {
      throw new ImportSpecError(
        `${file}: preset "${preset.name}" reads ${preset.format}, but the file is read as ${format}`,
      );
    }
    preset = null;
  }

  const numbers = spec.numbers ?? true;
  let reader: RecordReader;
  const csv = { ...preset?.csv, ...spec.csv };
  const pattern = spec.pattern ?? preset?.pattern;
  const records = spec.json?.records ?? preset?.json?.records;
  switch (format) {
    case 'ndjson':
      reader = readNdjson;
      break;
    case 'json':
      reader = jsonReader(records);
      break;
    case 'csv':
      reader = csvReader(csv, numbers);
      break;
    case 'text':
      if (!pattern) {
        throw new ImportSpecError(
          `${file}: no preset fits its first lines; give a preset (--preset) or a pattern with named groups (--pattern)`,
        );
      }
      try {
        compileLinePattern(pattern);
      } catch (err) {
        throw new ImportSpecError((err as PatternError).message);
      }
      reader = textReader(pattern, preset && !spec.pattern ? preset.name : 'custom', numbers);
      break;
  }

  const base = preset
    ? preset.mapping
    : suggestMapping(await headRecords(format, await headText(), reader));
  const mapping = mergeMapping(base, spec.mapping);
  if (mapping.time && !mapping.time.source) {
    throw new ImportSpecError('mapping.time: a time format was given but no time field');
  }
  try {
    if (mapping.time) timeParserFor(mapping.time);
    compileMapping(mapping);
  } catch (err) {
    if (err instanceof TimePatternError || err instanceof SyntaxError) {
      throw new ImportSpecError(`mapping: ${err.message}`);
    }
    throw err;
  }

  const resolved: ImportSpec = { ...spec, format, mapping };
  if (preset) resolved.preset = preset.name;
  if (format === 'text') resolved.pattern = pattern;
  if (format === 'csv') resolved.csv = csv;
  if (format === 'json' && records !== undefined) resolved.json = { records };
  return { format, preset, mapping, reader, spec: resolved };
}
