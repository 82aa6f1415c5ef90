import type { FieldValueType } from '../../../src-shared/contract/catalog';
import { formatField, type JsonRoot } from '../../../src-shared/contract/fields';
import type { JsonObject, JsonValue } from '../../../src-shared/contract/json-value';

/** The types in the order of PathNode.counts. */
const typeNames: readonly FieldValueType[] = ['string', 'number', 'boolean', 'null', 'array'];

/**
 * One key of the tree of paths seen: counts by type (indexed as typeNames: an array of small
 * integers of one shape, which V8 updates in place; an object keyed by type name measured
 * slower), and the keys under it.
 */
interface PathNode {
  counts: number[];
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
          node.counts.forEach((n, t) => {
            if (n === 0) return; // a type never seen at this path is no row of the catalog
            const key = `${path}\u0000${typeNames[t]!}`;
            out.set(key, (out.get(key) ?? 0) + n);
          });
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
    if (!node) nodes.set(key, (node = { counts: [0, 0, 0, 0, 0], children: null }));
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      countObject((node.children ??= new Map<string, PathNode>()), v);
      continue;
    }
    node.counts[typeIndex(v)]! += 1;
  }
}

/** The index of a leaf's (or an array's) type in typeNames. */
function typeIndex(v: JsonValue): number {
  switch (typeof v) {
    case 'string':
      return 0;
    case 'number':
      return 1;
    case 'boolean':
      return 2;
    default:
      return v === null ? 3 : 4;
  }
}
