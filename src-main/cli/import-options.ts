import {
  parseFieldSource,
  type ImportSpec,
  type Mapping,
  type PayloadMapping,
} from '../../src-shared/contract/import-spec';
import { importFormats } from '../../src-shared/contract/import-spec';
import { UsageError } from './command';

/** The import command's options (node:util parseArgs). */
export const importOptions = {
  db: { type: 'string' },
  instance: { type: 'string', short: 'i' },
  format: { type: 'string', short: 'f' },
  preset: { type: 'string', short: 'p' },
  pattern: { type: 'string' },
  stream: { type: 'string' },
  'stream-fallback': { type: 'string' },
  type: { type: 'string' },
  'type-fallback': { type: 'string' },
  id: { type: 'string' },
  time: { type: 'string' },
  'time-format': { type: 'string' },
  year: { type: 'string' },
  'utc-offset': { type: 'string' },
  payload: { type: 'string' },
  exclude: { type: 'string', multiple: true },
  metadata: { type: 'string', multiple: true },
  'metadata-from': { type: 'string' },
  'no-source': { type: 'boolean' },
  raw: { type: 'boolean' },
  delimiter: { type: 'string' },
  columns: { type: 'string' },
  nested: { type: 'string' },
  'no-numbers': { type: 'boolean' },
  records: { type: 'string' },
  'batch-size': { type: 'string' },
  'no-create': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  preview: { type: 'string' },
  report: { type: 'string' },
  strict: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'list-presets': { type: 'boolean' },
  follow: { type: 'boolean' },
} as const;

export type ImportValues = {
  [K in keyof typeof importOptions]?: (typeof importOptions)[K] extends { multiple: true }
    ? string[]
    : (typeof importOptions)[K]['type'] extends 'boolean'
      ? boolean
      : string;
};

function integer(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag}: expected a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

function payloadMapping(text: string, exclude: string[] | undefined): PayloadMapping {
  if (text === 'rest' || text === 'all') {
    return exclude ? { from: text, exclude } : { from: text };
  }
  if (exclude) throw new UsageError('--exclude goes with --payload rest or --payload all');
  return { from: 'field', field: text };
}

/** Builds the ImportSpec the flags describe (the preset, if any, fills in the rest later). */
export function importSpecFromArgs(values: ImportValues): ImportSpec {
  if (!values.instance)
    throw new UsageError('--instance NAME is required (the instance to import into)');
  const spec: ImportSpec = { instance: values.instance };
  if (values.format !== undefined) {
    if (!(importFormats as readonly string[]).includes(values.format)) {
      throw new UsageError(
        `--format: expected one of ${importFormats.join(', ')}, got "${values.format}"`,
      );
    }
    spec.format = values.format as ImportSpec['format'];
  }
  if (values.preset !== undefined) spec.preset = values.preset;
  if (values.pattern !== undefined) spec.pattern = values.pattern;
  if (values['no-numbers']) spec.numbers = false;
  if (values['no-create']) spec.autoCreate = false;
  if (values['dry-run']) spec.dryRun = true;
  if (values.report !== undefined) spec.reportFile = values.report;
  if (values['batch-size'] !== undefined) {
    spec.batchSize = integer(values['batch-size'], 'batch-size', 1, 100_000);
  }
  if (values.records !== undefined) spec.json = { records: values.records };

  const csv: NonNullable<ImportSpec['csv']> = {};
  if (values.delimiter !== undefined) {
    const d = values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : values.delimiter;
    if (d.length !== 1) throw new UsageError('--delimiter: one character (or "tab")');
    csv.delimiter = d;
  }
  if (values.columns !== undefined) csv.columns = values.columns.split(',').map((c) => c.trim());
  if (values.nested !== undefined) {
    if (!['off', 'json', 'python'].includes(values.nested)) {
      throw new UsageError('--nested: expected off, json or python');
    }
    csv.nested = values.nested as 'off' | 'json' | 'python';
  }
  if (Object.keys(csv).length > 0) spec.csv = csv;

  const mapping: Mapping = {};
  if (values.stream !== undefined) mapping.stream = parseFieldSource(values.stream);
  if (values['stream-fallback'] !== undefined) mapping.streamFallback = values['stream-fallback'];
  if (values.type !== undefined) mapping.type = parseFieldSource(values.type);
  if (values['type-fallback'] !== undefined) mapping.typeFallback = values['type-fallback'];
  if (values.id !== undefined) mapping.id = parseFieldSource(values.id);
  const time: NonNullable<Mapping['time']> = {};
  if (values.time !== undefined) time.source = parseFieldSource(values.time);
  if (values['time-format'] !== undefined) time.format = values['time-format'];
  if (values.year !== undefined) time.year = integer(values.year, 'year', 1, 9999);
  if (values['utc-offset'] !== undefined) time.utcOffset = values['utc-offset'];
  if (Object.keys(time).length > 0) mapping.time = time;
  if (values.payload !== undefined)
    mapping.payload = payloadMapping(values.payload, values.exclude);
  else if (values.exclude) mapping.payload = { from: 'rest', exclude: values.exclude };
  const metadata: NonNullable<Mapping['metadata']> = {};
  if (values.metadata) metadata.fields = values.metadata;
  if (values['metadata-from'] !== undefined) metadata.from = values['metadata-from'];
  if (values['no-source']) metadata.source = false;
  if (values.raw) metadata.raw = true;
  if (Object.keys(metadata).length > 0) mapping.metadata = metadata;
  if (Object.keys(mapping).length > 0) spec.mapping = mapping;
  return spec;
}
