import type { FieldSource, Mapping } from '../../../src-shared/contract/import-spec';
import {
  findJsonProblem,
  type JsonObject,
  type JsonProblem,
} from '../../../src-shared/contract/json-value';
import { structuralLimits } from '../../../src-shared/contract/limits';
import { formatPath } from '../../../src-shared/contract/issues';
import {
  isWellFormed,
  toWellFormed,
  toWellFormedJson,
} from '../../../src-shared/contract/well-formed';
import { asText, compilePath, type PathReader } from './field-path';
import { timeParserFor } from './time-format';

/** An imported record as an event input for the engine's append path. */
export interface MappedEvent {
  stream_id: string;
  event_type: string;
  /** Epoch ms; absent when the mapping has no time (the engine then uses the append time). */
  timestamp?: number;
  id?: string;
  payload: JsonObject;
  metadata: JsonObject;
}

export interface MapContext {
  /** The file's name as the metadata records it. */
  file: string;
  line: number;
  text: string;
}

export type MapOutcome =
  { event: MappedEvent; error?: undefined } | { error: string; event?: undefined };

/** Counts of things worth a note in the report. */
export interface MappingStats {
  streamFallbacks: number;
  typeFallbacks: number;
  idsMissing: number;
  /** Records whose text held lone UTF-16 surrogates, stored with U+FFFD in their place. */
  textRepaired: number;
}

export interface CompiledMapping {
  map(record: Record<string, unknown>, ctx: MapContext): MapOutcome;
  stats: MappingStats;
  /** The time format in use (`auto (iso)` once auto has seen a value). */
  timeFormat(): string | null;
}

type TextReader = (record: Record<string, unknown>) => string | undefined;

function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function describeSource(source: FieldSource): string {
  if ('field' in source) return `field "${source.field}"`;
  if ('template' in source) return `template "${source.template}"`;
  return `value "${source.value}"`;
}

/** A reader for a field (or part of one), a template, or a constant. */
export function compileSource(source: FieldSource): {
  read: (record: Record<string, unknown>) => unknown;
  text: TextReader;
} {
  if ('value' in source) {
    const v = source.value;
    return { read: () => v, text: () => v };
  }
  if ('field' in source) {
    const path = compilePath(source.field);
    if (source.match === undefined) return { read: path, text: (r) => asText(path(r)) };
    const regex = new RegExp(source.match, 'u');
    const text: TextReader = (r) => {
      const value = asText(path(r));
      if (value === undefined) return undefined;
      const m = regex.exec(value);
      return m ? (m[1] ?? m[0]) : undefined;
    };
    return { read: text, text };
  }
  const parts: (string | PathReader[])[] = [];
  const re = /\{([^{}]+)\}/gu;
  let last = 0;
  for (let m = re.exec(source.template); m; m = re.exec(source.template)) {
    if (m.index > last) parts.push(source.template.slice(last, m.index));
    parts.push(m[1]!.split('|').map((p) => compilePath(p.trim())));
    last = m.index + m[0].length;
  }
  if (last < source.template.length) parts.push(source.template.slice(last));
  const text: TextReader = (r) => {
    let out = '';
    let found = false;
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      for (const alt of part) {
        const v = asText(alt(r));
        if (v !== undefined && v !== '') {
          out += v;
          found = true;
          break;
        }
      }
    }
    return found ? out : undefined;
  };
  return { read: text, text };
}

/** The top-level keys a field source consumes whole: `rest` leaves them out of the payload. */
function consumedKey(source: FieldSource | undefined): string[] {
  return source && 'field' in source && source.match === undefined ? [source.field] : [];
}

function checkName(value: string, what: string, max: number): string | null {
  if (value.length > max) return `${what} is longer than ${max} characters`;
  if (hasControlChars(value)) return `${what} ${JSON.stringify(value)} holds control characters`;
  return null;
}

/** The first problem of the payload or metadata, with its path. */
function jsonProblem(event: MappedEvent): (JsonProblem & { where: string }) | null {
  for (const root of ['payload', 'metadata'] as const) {
    const problem = findJsonProblem(event[root]);
    if (problem) return { ...problem, where: formatPath([root, ...problem.path]) };
  }
  return null;
}

/**
 * Text with lone UTF-16 surrogates (JSON escapes like "\ud83d" left by a writer that cut a
 * string between the halves of a pair) is repaired, not refused: each becomes U+FFFD, as a
 * UTF-8 decoder does with the same damage as bytes, and the record is counted for the report.
 * Stored unrepaired, SQLite would turn it into U+FFFD anyway, unannounced (docs/importing.md).
 */
function repairText(event: MappedEvent): void {
  event.stream_id = toWellFormed(event.stream_id);
  event.event_type = toWellFormed(event.event_type);
  if (event.id !== undefined) event.id = toWellFormed(event.id);
  event.payload = toWellFormedJson(event.payload);
  event.metadata = toWellFormedJson(event.metadata);
}

const hasIllFormedName = (e: MappedEvent) =>
  !isWellFormed(e.stream_id) ||
  !isWellFormed(e.event_type) ||
  (e.id !== undefined && !isWellFormed(e.id));

export function compileMapping(mapping: Mapping, now?: () => number): CompiledMapping {
  const stats: MappingStats = {
    streamFallbacks: 0,
    typeFallbacks: 0,
    idsMissing: 0,
    textRepaired: 0,
  };
  const stream = mapping.stream ? compileSource(mapping.stream).text : () => undefined;
  const type = mapping.type ? compileSource(mapping.type).text : () => undefined;
  const id = mapping.id ? compileSource(mapping.id).text : null;
  const streamFallback = mapping.streamFallback ?? 'default';
  const typeFallback = mapping.typeFallback ?? 'event';
  const timeSource = mapping.time?.source;
  const time = timeSource ? compileSource(timeSource).read : null;
  const parseTime = timeSource && mapping.time ? timeParserFor(mapping.time, now) : null;
  const timeWhat = timeSource ? describeSource(timeSource) : '';

  const payloadMapping = mapping.payload ?? { from: 'rest' };
  const meta = mapping.metadata ?? {};
  const metaFrom = meta.from ? compilePath(meta.from) : null;
  const metaFields = (meta.fields ?? []).map((f) => [f, compilePath(f)] as const);
  const addSource = meta.source ?? true;
  const addRaw = meta.raw ?? false;

  const excluded = new Set<string>();
  if (payloadMapping.from !== 'field') {
    for (const key of payloadMapping.exclude ?? []) excluded.add(key);
    if (payloadMapping.from === 'rest') {
      for (const s of [mapping.stream, mapping.type, mapping.id, mapping.time?.source])
        for (const key of consumedKey(s)) excluded.add(key);
      for (const f of meta.fields ?? []) excluded.add(f);
      if (meta.from) excluded.add(meta.from);
    }
  }
  const payloadField = payloadMapping.from === 'field' ? compilePath(payloadMapping.field) : null;

  function buildPayload(record: Record<string, unknown>): JsonObject | string {
    if (payloadField) {
      const v = payloadField(record);
      if (v === undefined || v === null) return {};
      if (typeof v === 'object' && !Array.isArray(v)) return v as JsonObject;
      return { value: v as JsonObject[string] };
    }
    if (excluded.size === 0 && !Object.hasOwn(record, '__proto__')) return record as JsonObject;
    const out: JsonObject = {};
    for (const key in record) {
      if (excluded.has(key)) continue;
      if (key === '__proto__') return 'the key "__proto__" is not allowed';
      out[key] = record[key] as JsonObject[string];
    }
    return out;
  }

  function buildMetadata(record: Record<string, unknown>, ctx: MapContext): JsonObject | string {
    const out: JsonObject = {};
    if (metaFrom) {
      const base = metaFrom(record);
      if (base !== null && typeof base === 'object' && !Array.isArray(base)) {
        for (const key in base as Record<string, unknown>) {
          if (key === '__proto__') return 'metadata: the key "__proto__" is not allowed';
          out[key] = (base as JsonObject)[key]!;
        }
      }
    }
    for (const [name, read] of metaFields) {
      const v = read(record);
      if (v !== undefined) out[name] = v as JsonObject[string];
    }
    if (addSource) out.source = { file: ctx.file, line: ctx.line };
    if (addRaw) out.raw = ctx.text;
    return out;
  }

  return {
    stats,
    timeFormat: () => (parseTime ? parseTime.describe() : null),
    map(record, ctx) {
      let streamId = stream(record);
      if (streamId === undefined || streamId === '') {
        streamId = streamFallback;
        stats.streamFallbacks++;
      }
      let eventType = type(record);
      if (eventType === undefined || eventType === '') {
        eventType = typeFallback;
        stats.typeFallbacks++;
      }
      const bad =
        checkName(streamId, 'stream id', structuralLimits.maxStreamIdLength) ??
        checkName(eventType, 'event type', structuralLimits.maxEventTypeLength);
      if (bad) return { error: bad };

      let timestamp: number | undefined;
      if (time && parseTime) {
        const raw = time(record);
        if (raw === undefined || raw === null || raw === '') {
          return { error: `no timestamp: the ${timeWhat} is missing` };
        }
        const t = parseTime(raw);
        if (t === null) {
          const shown = typeof raw === 'string' ? raw.slice(0, 80) : JSON.stringify(raw);
          return {
            error: `timestamp ${JSON.stringify(shown)} does not match the format ${parseTime.describe()}`,
          };
        }
        timestamp = t;
      }

      const payload = buildPayload(record);
      if (typeof payload === 'string') return { error: payload };
      const metadata = buildMetadata(record, ctx);
      if (typeof metadata === 'string') return { error: metadata };

      const event: MappedEvent = { stream_id: streamId, event_type: eventType, payload, metadata };
      if (timestamp !== undefined) event.timestamp = timestamp;
      if (id) {
        const value = id(record);
        if (value === undefined || value === '') stats.idsMissing++;
        else {
          const badId = checkName(value, 'id', structuralLimits.maxEventIdLength);
          if (badId) return { error: badId };
          event.id = value;
        }
      }
      let problem = jsonProblem(event);
      if (problem?.illFormedText || hasIllFormedName(event)) {
        repairText(event);
        stats.textRepaired++;
        problem = jsonProblem(event);
      }
      if (problem) return { error: `${problem.where}: ${problem.message}` };
      return { event };
    },
  };
}
