import type { ImportFormat } from '../../../src-shared/contract/import-spec';
import { importPresets, type ImportPreset } from '../../../src-shared/contract/import-presets';
import { parseJsonText } from './json-text';
import { splitCsvRecord, sniffDelimiter } from './readers/csv-reader';
import { recordsInHead } from './readers/json-reader';
import { compileLinePattern } from './readers/text-reader';

export type ConcreteFormat = Exclude<ImportFormat, 'auto'>;

function firstLines(head: string, n: number): string[] {
  const lines = head.split('\n');
  // The last piece of a head may be cut short; keep it only when it is all there is.
  if (lines.length > 1) lines.pop();
  return lines
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== '')
    .slice(0, n);
}

function parsesAsObject(text: string): boolean {
  try {
    const v = parseJsonText(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Looks like CSV: the first lines split into the same number (2+) of fields. */
function looksLikeCsv(lines: string[]): boolean {
  if (lines.length === 0) return false;
  const delimiter = sniffDelimiter(lines[0]!);
  const counts = lines.slice(0, 10).map((l) => {
    const s = splitCsvRecord(l, delimiter);
    return 'fields' in s ? s.fields.length : -1;
  });
  return counts[0]! >= 2 && counts.every((c) => c === counts[0]);
}

/**
 * The format of a file: by its extension (.gz ignored) where that is unambiguous, else by its
 * first characters and lines.
 */
export function detectFormat(fileName: string, head: string): ConcreteFormat {
  const name = fileName.toLowerCase().replace(/\.gz$/u, '');
  const ext = name.slice(name.lastIndexOf('.') + 1);
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  const trimmed = head.trimStart();
  const lines = firstLines(head, 20);
  if (trimmed.startsWith('{')) {
    // One complete object on the first line: NDJSON; an object spread over lines: a document.
    return lines.length > 0 && parsesAsObject(lines[0]!) ? 'ndjson' : 'json';
  }
  // A log line format we know beats the rest: error logs start with "[", access logs split
  // into equal numbers of "fields" like CSV.
  if (ext !== 'json' && detectPreset('text', head)) return 'text';
  if (trimmed.startsWith('[') || ext === 'json') return 'json';
  return looksLikeCsv(lines) && !lines.some((l) => l.startsWith('#')) ? 'csv' : 'text';
}

/** The first record's keys (JSON formats) or the header (CSV), for preset detection. */
function firstKeys(format: ConcreteFormat, head: string): string[] {
  const lines = firstLines(head, 20);
  if (format === 'ndjson') {
    for (const line of lines) {
      try {
        const v = parseJsonText(line);
        if (v && typeof v === 'object' && !Array.isArray(v)) return Object.keys(v);
      } catch {
        // a bad first line: try the next
      }
    }
    return [];
  }
  if (format === 'json') {
    const first = recordsInHead(head).find((r) => r.value);
    return first?.value ? Object.keys(first.value) : [];
  }
  if (format === 'csv' && lines.length > 0) {
    const s = splitCsvRecord(lines[0]!, sniffDelimiter(lines[0]!));
    return 'fields' in s ? s.fields : [];
  }
  return [];
}

/**
 * The preset that fits a file: for JSON and CSV the one whose keys or header columns are all
 * there (the most specific wins); for text the one whose pattern matches most of the first
 * lines (at least 80% of them).
 */
export function detectPreset(format: ConcreteFormat, head: string): ImportPreset | null {
  if (format === 'text') {
    const lines = firstLines(head, 50);
    if (lines.length === 0) return null;
    let best: ImportPreset | null = null;
    let bestHits = 0;
    for (const preset of importPresets) {
      if (preset.format !== 'text' || !preset.pattern) continue;
      const { regex } = compileLinePattern(preset.pattern);
      const hits = lines.filter((l) => regex.test(l)).length;
      if (hits > bestHits) {
        best = preset;
        bestHits = hits;
      }
    }
    return best && bestHits >= Math.ceil(lines.length * 0.8) ? best : null;
  }
  const keys = new Set(firstKeys(format, head));
  if (keys.size === 0) return null;
  let best: ImportPreset | null = null;
  let bestSize = 0;
  for (const preset of importPresets) {
    const wanted = format === 'csv' ? preset.detect?.header : preset.detect?.keys;
    if (!wanted || (format === 'csv') !== (preset.format === 'csv')) continue;
    if (wanted.every((k) => keys.has(k)) && wanted.length > bestSize) {
      best = preset;
      bestSize = wanted.length;
    }
  }
  return best;
}
