import type {
  BadLine,
  DetectedField,
  ImportPreview,
  ImportSpec,
} from '../../../src-shared/contract/import-spec';
import { compileMapping } from './mapping';
import { prepareImport } from './run-import';
import { detectTimeFormat } from './time-format';

/** Records read for the field list, even when fewer events are asked for. */
const fieldSample = 200;
/** Stop after this many lines, whatever came of them (a file of only bad lines). */
const maxPreviewLines = 50_000;

/**
 * The first `n` events an import would write, the fields of the first records (with types,
 * examples, and the time format that reads them), and the problems met on the way. Reads the
 * start of the files only and writes nothing: the mapping screen calls it on every change.
 */
export async function previewImport(
  spec: ImportSpec,
  files: readonly string[],
  n = 20,
  options: { now?: () => number } = {},
): Promise<ImportPreview> {
  const { sources, resolved } = await prepareImport(spec, files);
  const first = resolved[0]!;
  const events: ImportPreview['events'] = [];
  const problems: BadLine[] = [];
  const records: Record<string, unknown>[] = [];
  let lines = 0;
  let mapper: ReturnType<typeof compileMapping> | null = null;

  outer: for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    mapper = compileMapping(resolved[i]!.mapping, options.now);
    const state = { lines: 0 };
    const chunks = source.chunks();
    try {
      for await (const batch of resolved[i]!.reader(chunks, state)) {
        for (const rec of batch) {
          if (rec.value === undefined) {
            if (problems.length < n) {
              problems.push({
                file: source.name,
                line: rec.line,
                reason: rec.error ?? '',
                text: rec.text.slice(0, 300),
              });
            }
            continue;
          }
          if (records.length < fieldSample) records.push(rec.value);
          if (events.length >= n) continue;
          const out = mapper.map(rec.value, { file: source.name, line: rec.line, text: rec.text });
          if (out.error !== undefined) {
            if (problems.length < n) {
              problems.push({
                file: source.name,
                line: rec.line,
                reason: out.error,
                text: rec.text.slice(0, 300),
              });
            }
            continue;
          }
          const e = out.event;
          events.push({
            file: source.name,
            line: rec.line,
            stream_id: e.stream_id,
            event_type: e.event_type,
            timestamp: e.timestamp === undefined ? null : new Date(e.timestamp).toISOString(),
            ...(e.id === undefined ? {} : { id: e.id }),
            payload: e.payload,
            metadata: e.metadata,
          });
        }
        const full = events.length >= n && records.length >= fieldSample;
        if (full || lines + state.lines > maxPreviewLines) {
          break outer;
        }
      }
    } catch (err) {
      problems.push({
        file: source.name,
        line: state.lines + 1,
        reason: (err as Error).message,
        text: '',
      });
    } finally {
      await chunks.return(undefined);
    }
    lines += state.lines;
  }

  const notes: string[] = [];
  const timeFormat = mapper?.timeFormat();
  if (timeFormat) notes.push(`time format: ${timeFormat}`);
  if (mapper && mapper.stats.streamFallbacks > 0) {
    notes.push(`${mapper.stats.streamFallbacks} of the first records have no stream value`);
  }
  return {
    format: first.format,
    preset: first.preset?.name ?? null,
    gzip: sources[0]!.gzip,
    spec: first.spec,
    fields: detectFields(records),
    events,
    problems,
    notes,
  };
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function example(v: unknown): unknown {
  if (typeof v === 'string' && v.length > 80) return v.slice(0, 80) + '…';
  if (v !== null && typeof v === 'object') {
    const text = JSON.stringify(v);
    return text.length > 80 ? text.slice(0, 80) + '…' : v;
  }
  return v;
}

/**
 * The fields of sample records: top-level keys and, one level down, the keys of objects (two
 * levels in all keeps the list readable for deep records such as GH Archive's).
 */
export function detectFields(records: Record<string, unknown>[], depth = 2): DetectedField[] {
  const fields = new Map<string, { types: Set<string>; count: number; values: unknown[] }>();
  const visit = (obj: Record<string, unknown>, prefix: string, level: number) => {
    for (const key of Object.keys(obj)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const v = obj[key];
      let f = fields.get(path);
      if (!f) fields.set(path, (f = { types: new Set(), count: 0, values: [] }));
      f.types.add(typeOf(v));
      f.count++;
      if (f.values.length < 50) f.values.push(v);
      if (level < depth && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        visit(v as Record<string, unknown>, path, level + 1);
      }
    }
  };
  for (const r of records) visit(r, '', 1);
  return [...fields].map(([path, f]) => {
    const distinct: unknown[] = [];
    const seen = new Set<string>();
    for (const v of f.values) {
      const key = JSON.stringify(v);
      if (seen.has(key)) continue;
      seen.add(key);
      distinct.push(example(v));
      if (distinct.length === 3) break;
    }
    const field: DetectedField = { path, types: [...f.types], count: f.count, examples: distinct };
    const scalars = f.values.filter((v) => typeof v === 'string' || typeof v === 'number');
    if (scalars.length > 0 && scalars.length === f.values.length) {
      const format = detectTimeFormat(scalars[0]);
      if (format !== null && scalars.every((v) => detectTimeFormat(v) === format)) {
        // Small integers read as epoch seconds of 1970: not a time worth suggesting.
        const plausible = typeof scalars[0] !== 'number' || Math.abs(scalars[0]) > 1e8;
        if (plausible) field.timeFormat = format;
      }
    }
    return field;
  });
}
