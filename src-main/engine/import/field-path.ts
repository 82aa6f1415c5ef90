/**
 * Reading a field of an imported record by a dotted path. Real records mix nesting
 * (`repo.name`) and flat keys that hold dots (Zeek's `id.orig_h`), so a key that exists as
 * written wins, then the longest key that matches a prefix of the path, and so on down.
 * `tags.0` indexes arrays.
 */
export type PathReader = (record: unknown) => unknown;

const hasOwn = (obj: object, key: string) => Object.prototype.hasOwnProperty.call(obj, key);

export function compilePath(path: string): PathReader {
  if (!path.includes('.')) {
    return (record) =>
      record !== null && typeof record === 'object' && hasOwn(record, path)
        ? (record as Record<string, unknown>)[path]
        : undefined;
  }
  const segments = path.split('.');
  return (record) => walk(record, segments, 0);
}

function walk(value: unknown, segments: string[], from: number): unknown {
  if (from === segments.length) return value;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    const seg = segments[from]!;
    if (!/^\d+$/u.test(seg)) return undefined;
    return walk(value[Number(seg)], segments, from + 1);
  }
  const obj = value as Record<string, unknown>;
  for (let to = segments.length; to > from; to--) {
    const key = to === from + 1 ? segments[from]! : segments.slice(from, to).join('.');
    if (hasOwn(obj, key)) {
      const found = walk(obj[key], segments, to);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A value as text for stream ids, types, ids and templates. */
export function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
