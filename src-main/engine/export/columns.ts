import {
  formatField,
  parseField,
  topLevelFields,
  type FieldRef,
  type JsonRoot,
  type PathSegment,
} from '../../../src-shared/contract/fields';
import type { JsonValue } from '../../../src-shared/contract/json-value';

/**
 * Columns of CSV and Parquet exports. A column is a field of the query language (`stream_id`,
 * `payload.user.id`, `payload["id.orig_h"]`); its name is the field's canonical text, so a
 * column list can be pasted into a query's `select` and back.
 */
export interface Column {
  name: string;
  field: FieldRef;
  /**
   * CSV: for a path that other columns go deeper into, a non-empty object is left to them
   * (the cell stays empty); otherwise objects are written as JSON.
   */
  hasChildren: boolean;
}

export class ColumnError extends Error {}

export function columnsFromFields(fields: readonly string[]): Column[] {
  return fields.map((text) => {
    const parsed = parseField(text);
    if (!parsed.ok) throw new ColumnError(`columns: ${parsed.message}`);
    return { name: formatField(parsed.field), field: parsed.field, hasChildren: false };
  });
}

/** Reads a column's value from an event (a full record or a `select`ed shape). */
export function readColumn(event: Record<string, unknown>, field: FieldRef): unknown {
  if (field.kind === 'top') return event[field.name];
  let v: unknown = event[field.root];
  for (const seg of field.segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v)
      ? typeof seg === 'number'
        ? v[seg]
        : undefined
      : Object.hasOwn(v, seg)
        ? (v as Record<string, unknown>)[seg as string]
        : undefined;
  }
  return v;
}

/**
 * The event reduced to the selected fields, payload paths nested (`payload.user.id` ->
 * `{ payload: { user: { id } } }`), as the contract's `select` returns it.
 */
export function projectEvent(
  event: Record<string, unknown>,
  columns: readonly Column[],
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const c of columns) {
    const v = readColumn(event, c.field);
    if (v === undefined) continue;
    if (c.field.kind === 'top') {
      out[c.field.name] = v as JsonValue;
      continue;
    }
    let target = (out[c.field.root] ??= {}) as Record<string, JsonValue>;
    const segs = c.field.segments;
    if (segs.length === 0) {
      out[c.field.root] = v as JsonValue;
      continue;
    }
    for (let i = 0; i < segs.length - 1; i++) {
      const key = String(segs[i]);
      const next = target[key];
      if (next !== null && typeof next === 'object' && !Array.isArray(next)) target = next;
      else target = target[key] = {};
    }
    target[String(segs[segs.length - 1])] = v as JsonValue;
  }
  return out;
}

interface Node {
  children: Map<string, Node>;
  /** Seen holding something other than a non-empty object (a scalar, an array, {}). */
  leaf: boolean;
  /** Too many distinct keys below: written as one JSON cell. */
  opaque: boolean;
  depth: number;
}

const newNode = (depth: number): Node => ({
  children: new Map(),
  leaf: false,
  opaque: false,
  depth,
});

/**
 * Finds the payload and metadata paths of the events of a result (pass one of a CSV export
 * without columns): nested objects become dotted columns, arrays stay whole (a JSON cell).
 * The tree is bounded: past `maxNodes` distinct paths, further keys are folded into their
 * parent's JSON cell, and `columns()` cuts depth until at most `maxColumns` remain.
 */
export class ColumnDiscovery {
  private readonly roots: Record<JsonRoot, Node> = { payload: newNode(0), metadata: newNode(0) };
  private nodes = 0;

  constructor(private readonly maxNodes = 100_000) {}

  add(event: Record<string, unknown>): void {
    for (const root of ['payload', 'metadata'] as const) {
      const v = event[root];
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        this.visit(this.roots[root], v as Record<string, unknown>);
      }
    }
  }

  private visit(node: Node, obj: Record<string, unknown>): void {
    if (node.opaque) return;
    for (const key of Object.keys(obj)) {
      let child = node.children.get(key);
      if (!child) {
        if (this.nodes >= this.maxNodes) {
          node.opaque = true;
          return;
        }
        child = newNode(node.depth + 1);
        node.children.set(key, child);
        this.nodes++;
      }
      const v = obj[key];
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
        this.visit(child, v as Record<string, unknown>);
      } else {
        child.leaf = true;
      }
    }
  }

  /** The columns: the event's own fields, then payload paths, then metadata paths. */
  columns(maxColumns: number): Column[] {
    let depth = Infinity;
    for (;;) {
      const cols = this.collect(depth);
      if (cols.length <= maxColumns) return cols;
      // Even the top-level keys are too many: payload and metadata as whole JSON cells.
      if (depth <= 1) return wholeEventColumns();
      depth = Math.min(depth, this.maxDepth()) - 1;
    }
  }

  private maxDepth(): number {
    let max = 0;
    const walk = (n: Node) => {
      max = Math.max(max, n.depth);
      for (const c of n.children.values()) walk(c);
    };
    walk(this.roots.payload);
    walk(this.roots.metadata);
    return max;
  }

  private collect(maxDepth: number): Column[] {
    const cols: Column[] = topLevelFields.map((name) => ({
      name,
      field: { kind: 'top', name },
      hasChildren: false,
    }));
    const walk = (root: JsonRoot, node: Node, segments: PathSegment[]) => {
      const cut = node.opaque || node.depth >= maxDepth;
      const field: FieldRef = { kind: 'json', root, segments };
      if (segments.length === 0 ? node.opaque : node.leaf || cut) {
        cols.push({ name: formatField(field), field, hasChildren: !cut && node.children.size > 0 });
      }
      if (cut) return;
      for (const [key, child] of node.children) walk(root, child, [...segments, key]);
    };
    walk('payload', this.roots.payload, []);
    walk('metadata', this.roots.metadata, []);
    return cols;
  }
}

/** The default columns without a discovery pass (Parquet): whole payload and metadata. */
export function wholeEventColumns(): Column[] {
  return columnsFromFields([...topLevelFields, 'payload', 'metadata']);
}

/** A CSV cell: text as is, numbers and booleans as written in JSON, objects and arrays as JSON. */
export function csvCell(value: unknown, column: Column): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (column.hasChildren && !Array.isArray(value) && Object.keys(value).length > 0) {
    return '';
  }
  return JSON.stringify(value);
}
