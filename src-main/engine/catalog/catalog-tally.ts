import type { FieldValueType } from '../../../src-shared/contract/catalog';
import { formatField, type JsonRoot } from '../../../src-shared/contract/fields';
import type { JsonObject, JsonValue } from '../../../src-shared/contract/json-value';

/** One key of the tree of paths seen: counts by type, and the keys under it. */
interface PathNode {
  counts: Partial<Record<FieldValueType, number>>;
  children: Map<string, PathNode> | null;
}

/**
 * The catalog counts of events about to be appended, taken from the objects the append path
 * already holds, by the rules of the json_tree scan in describe-fields.ts: every leaf and every
 * array is a path, objects are descended into (an empty one adds nothing), nothing inside an
 * array is. Keys go into a tree of maps, so any key (a dot, a quote, a NUL) stays one segment
 * and a path is formatted once per batch, not once per event.
 */
export class CatalogTally {
  private readonly roots: Record<JsonRoot, Map<string, PathNode>> = {
    payload: new Map(),
    metadata: new Map(),
  };

  add(root: JsonRoot, value: JsonObject): void {
    countObject(this.roots[root], value);
  }

  /** Count per `path\u0000type`, the shape the catalog commits (describe-fields.ts). */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const root of ['payload', 'metadata'] as const) {
      const walk = (nodes: Map<string, PathNode>, segments: string[]) => {
        for (const [key, node] of nodes) {
          const here = [...segments, key];
          const path = formatField({ kind: 'json', root, segments: here });
          for (const [type, n] of Object.entries(node.counts))
            out.set(`${path}\u0000${type}`, (out.get(`${path}\u0000${type}`) ?? 0) + n);
          if (node.children) walk(node.children, here);
        }
      };
      walk(this.roots[root], []);
    }
    return out;
  }
}

function countObject(nodes: Map<string, PathNode>, value: JsonObject): void {
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue; // JSON.stringify leaves such a key out of the stored payload
    let node = nodes.get(key);
    if (!node) nodes.set(key, (node = { counts: {}, children: null }));
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      countObject((node.children ??= new Map<string, PathNode>()), v);
      continue;
    }
    const type = typeOf(v);
    node.counts[type] = (node.counts[type] ?? 0) + 1;
  }
}

function typeOf(v: JsonValue): FieldValueType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    default:
      return 'boolean';
  }
}
