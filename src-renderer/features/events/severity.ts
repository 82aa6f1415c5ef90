import type { FieldInfo } from '../query-builder/field-catalog';

/**
 * Rows coloured by what the data says about them: a log level, a severity, an HTTP status.
 * The field is found in the instance's field catalogue by name (level, severity, status...),
 * and the user can choose another field or none (severity-store.ts).
 */
export type Severity = 'error' | 'warn' | 'info' | 'debug';

/** How a field's values read: words and log-library numbers, or HTTP status codes. */
export type SeverityKind = 'level' | 'http';

export interface SeverityField {
  path: string;
  kind: SeverityKind;
}

const levelNames = new Set([
  'level',
  'severity',
  'loglevel',
  'log_level',
  'levelname',
  'level_name',
  'severity_text',
  'severitytext',
  'severity_name',
  'lvl',
]);
const statusNames = new Set([
  'status',
  'status_code',
  'statuscode',
  'http_status',
  'response_code',
  'sc_status',
  'sc-status',
]);

/** The last segment of a path, lower case: `payload.log.level` → `level`, `a["b.c"]` → `b.c`. */
function leaf(path: string): string {
  const quoted = /\["([^"]+)"\]$/u.exec(path);
  return (quoted ? quoted[1]! : (path.split('.').pop() ?? path)).toLowerCase();
}

/**
 * The field to colour by, if the catalogue has one: a level or severity (strings or numbers)
 * before an HTTP status (numbers); payload before metadata; then the field most events have.
 */
export function detectSeverityField(catalog: readonly FieldInfo[]): SeverityField | null {
  let best: { field: SeverityField; rank: number[] } | null = null;
  for (const f of catalog) {
    if (f.builtIn) continue;
    const name = leaf(f.path);
    const scalar = f.types.some((t) => t === 'string' || t === 'number');
    const kind: SeverityKind | null =
      levelNames.has(name) && scalar
        ? 'level'
        : statusNames.has(name) && f.types.includes('number')
          ? 'http'
          : null;
    if (!kind) continue;
    const rank = [kind === 'level' ? 0 : 1, f.path.startsWith('payload.') ? 0 : 1, -(f.count ?? 0)];
    if (!best || compare(rank, best.rank) < 0) best = { field: { path: f.path, kind }, rank };
  }
  return best?.field ?? null;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The kind of a field the user chose: by its name, else as a level. */
export function kindOfField(path: string): SeverityKind {
  return statusNames.has(leaf(path)) ? 'http' : 'level';
}

const words: [RegExp, Severity][] = [
  [/^(?:fatal|panic|emerg|emergency|alert|crit|critical|err|error|severe|failure)\b/u, 'error'],
  [/^(?:warn|warning)\b/u, 'warn'],
  [/^(?:info|information|informational|notice)\b/u, 'info'],
  [/^(?:debug|trace|verbose|fine|finer|finest)\b/u, 'debug'],
];

/**
 * The severity of a value as the table holds it (text). HTTP: 5xx error, 4xx warning, others
 * plain. Levels: the usual words (any case), syslog's numbers 0–7 (0–3 error, 4 warning, 5–6
 * info, 7 debug) and pino/bunyan's 10–60 (50+ error, 40 warning, 30 info, below debug).
 */
export function severityOf(text: string, kind: SeverityKind): Severity | null {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  const n = /^\d+$/u.test(t) ? Number(t) : null;
  if (kind === 'http') {
    if (n === null || n < 100 || n > 599) return null;
    return n >= 500 ? 'error' : n >= 400 ? 'warn' : null;
  }
  if (n !== null) {
    if (n <= 7) return n <= 3 ? 'error' : n === 4 ? 'warn' : n <= 6 ? 'info' : 'debug';
    if (n >= 10 && n <= 60)
      return n >= 50 ? 'error' : n >= 40 ? 'warn' : n >= 30 ? 'info' : 'debug';
    return null;
  }
  for (const [re, severity] of words) if (re.test(t)) return severity;
  return null;
}
