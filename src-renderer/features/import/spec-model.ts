import type {
  ImportFormat,
  ImportPreview,
  ImportSpec,
} from '../../../src-shared/contract/import-spec';
import { parseFieldSource, formatFieldSource } from '../../../src-shared/contract/import-spec';

/**
 * The mapping screen's state as plain strings (what the inputs hold), and the ImportSpec it
 * stands for. Empty means "leave it to the format's detection or preset".
 */
export interface ImportDraft {
  instance: string;
  /** One of formatChoices' ids. */
  format: FormatChoiceId;
  /** Custom regex with named groups (format `regex`). */
  pattern: string;
  /** Field source texts: `field`, `{a}:{b}`, `=constant`, `field~regex`. */
  stream: string;
  type: string;
  time: string;
  /** auto | iso | epoch-s | epoch-ms | custom (then `timePattern`). */
  timeFormat: 'auto' | 'iso' | 'epoch-s' | 'epoch-ms' | 'custom';
  timePattern: string;
  /** Year of year-less times (syslog), empty: inferred. */
  year: string;
  /** metadata.source = { file, line } */
  source: boolean;
  /** metadata.raw = the line as read */
  raw: boolean;
}

export const formatChoices = [
  { id: 'auto', label: 'Detect', format: 'auto' },
  { id: 'ndjson', label: 'NDJSON (one JSON object per line)', format: 'ndjson' },
  { id: 'json', label: 'JSON array', format: 'json' },
  { id: 'csv', label: 'CSV', format: 'csv' },
  {
    id: 'apache-combined',
    label: 'Apache combined log',
    format: 'text',
    preset: 'apache-combined',
  },
  { id: 'nginx-combined', label: 'Nginx combined log', format: 'text', preset: 'nginx-combined' },
  { id: 'syslog-rfc3164', label: 'Syslog RFC 3164', format: 'text', preset: 'syslog-rfc3164' },
  { id: 'syslog-rfc5424', label: 'Syslog RFC 5424', format: 'text', preset: 'syslog-rfc5424' },
  { id: 'regex', label: 'Custom regex (named groups)', format: 'text' },
] as const satisfies readonly {
  id: string;
  label: string;
  format: ImportFormat;
  preset?: string;
}[];
export type FormatChoiceId = (typeof formatChoices)[number]['id'];

export function emptyDraft(instance = ''): ImportDraft {
  return {
    instance,
    format: 'auto',
    pattern: '',
    stream: '',
    type: '',
    time: '',
    timeFormat: 'auto',
    timePattern: '',
    year: '',
    source: true,
    raw: false,
  };
}

/** Problems the form can see before asking the host; keyed by input. */
export function draftProblems(d: ImportDraft): Partial<Record<keyof ImportDraft, string>> {
  const out: Partial<Record<keyof ImportDraft, string>> = {};
  if (d.instance.trim() === '') out.instance = 'name the instance to import into';
  if (d.format === 'regex') {
    if (d.pattern.trim() === '') out.pattern = 'a regular expression with named groups';
    else {
      try {
        new RegExp(d.pattern, 'u');
        if (!/\(\?<[A-Za-z_]\w*>/u.test(d.pattern))
          out.pattern = 'name at least one group: (?<name>…)';
      } catch (err) {
        out.pattern = (err as Error).message;
      }
    }
  }
  if (d.timeFormat === 'custom' && d.timePattern.trim() === '') {
    out.timePattern = 'a pattern such as dd/MMM/yyyy:HH:mm:ss Z';
  }
  if (d.year !== '' && !/^\d{1,4}$/u.test(d.year)) out.year = 'a year such as 2017';
  return out;
}

/** The spec the draft stands for (what the preview and the import get). */
export function specOf(d: ImportDraft): Omit<ImportSpec, 'reportFile'> {
  const choice = formatChoices.find((c) => c.id === d.format) ?? formatChoices[0];
  const spec: Omit<ImportSpec, 'reportFile'> = { instance: d.instance.trim() || 'import' };
  if (choice.format !== 'auto') spec.format = choice.format;
  if ('preset' in choice) spec.preset = choice.preset;
  if (d.format === 'regex' && d.pattern.trim() !== '') spec.pattern = d.pattern;
  const mapping: NonNullable<ImportSpec['mapping']> = {};
  if (d.stream.trim()) mapping.stream = parseFieldSource(d.stream.trim());
  if (d.type.trim()) mapping.type = parseFieldSource(d.type.trim());
  const format = d.timeFormat === 'custom' ? d.timePattern.trim() : d.timeFormat;
  const time: NonNullable<NonNullable<ImportSpec['mapping']>['time']> = {};
  if (d.time.trim()) time.source = parseFieldSource(d.time.trim());
  if (format && format !== 'auto') time.format = format;
  if (/^\d{1,4}$/u.test(d.year) && Number(d.year) > 0) time.year = Number(d.year);
  if (Object.keys(time).length > 0) mapping.time = time;
  mapping.metadata = { source: d.source, raw: d.raw };
  spec.mapping = mapping;
  return spec;
}

/** What detection or the preset chose for a field left empty (shown as the input's hint). */
export function resolvedHints(preview: ImportPreview | undefined): {
  stream?: string;
  type?: string;
  time?: string;
  timeFormat?: string;
} {
  const m = preview?.spec.mapping;
  if (!m) return {};
  return {
    ...(m.stream ? { stream: formatFieldSource(m.stream) } : {}),
    ...(m.type ? { type: formatFieldSource(m.type) } : {}),
    ...(m.time?.source ? { time: formatFieldSource(m.time.source) } : {}),
    ...(m.time?.format ? { timeFormat: m.time.format } : {}),
  };
}

/** The format choice the host detected, for the "Detect" option's label. */
export function detectedLabel(preview: ImportPreview | undefined): string | null {
  if (!preview) return null;
  if (preview.preset) {
    const choice = formatChoices.find((c) => 'preset' in c && c.preset === preview.preset);
    return choice ? choice.label : `${preview.format} (preset ${preview.preset})`;
  }
  const choice = formatChoices.find((c) => c.id === preview.format);
  return choice ? choice.label : preview.format;
}

/** Problems of the preview that concern the time (for the live parse check). */
export function timeCheck(preview: ImportPreview | undefined): {
  ok: number;
  bad: number;
  reason: string | null;
} {
  if (!preview) return { ok: 0, bad: 0, reason: null };
  const timeProblems = preview.problems.filter((p) => /\btime|timestamp/iu.test(p.reason));
  const ok = preview.events.filter((e) => e.timestamp !== null).length;
  return { ok, bad: timeProblems.length, reason: timeProblems[0]?.reason ?? null };
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
