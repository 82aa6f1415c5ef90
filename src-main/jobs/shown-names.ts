import type { JobPresenter } from './job-host';

/** Error messages name files by the name the user knows, not by the host's temp path. */
export function withNames(message: string, names: Map<string, string>): string {
  let out = message;
  for (const [p, name] of names) out = out.split(p).join(name);
  return out;
}

/**
 * `withNames` for every string of a job's progress, report or error (file fields, notes,
 * reasons): a window never learns where the host keeps its files.
 */
export function namesOnly(names: Map<string, string>): JobPresenter {
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return withNames(value, names);
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    }
    return value;
  };
  return <T>(value: T) => rewrite(value) as T;
}
