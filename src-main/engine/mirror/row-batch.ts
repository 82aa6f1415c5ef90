import type { JsonObject } from '../../../src-shared/contract/json-value';
import {
  binaryShape,
  hasColumns,
  numberStats,
  type PathNode,
  type PathTree,
  type ValueKind,
} from './path-tree';

/** One event as the catch-up reads it from SQLite (payload and metadata as JSON text). */
export type SourceRow = [
  pos: number,
  stream: string,
  type: string,
  ts: number,
  seq: number,
  payload: string,
  metadata: string,
];

/** The values of one column over a batch: numbers, strings or booleans, with a null mask. */
export class ColumnValues {
  readonly valid: Uint8Array<ArrayBuffer>;
  readonly numbers: Float64Array<ArrayBuffer> | null;
  readonly texts: (string | undefined)[] | null;
  readonly flags: Uint8Array<ArrayBuffer> | null;

  constructor(
    readonly kind: ValueKind,
    capacity: number,
  ) {
    this.valid = new Uint8Array(capacity);
    this.numbers = kind === 'n' ? new Float64Array(capacity) : null;
    this.texts = kind === 's' || kind === 'j' ? new Array<string | undefined>(capacity) : null;
    this.flags = kind === 'b' ? new Uint8Array(capacity) : null;
  }
}

export interface NewColumn {
  node: PathNode;
  kind: ValueKind;
  col: number;
}

/**
 * One batch of events flattened into columns: the fixed ones (position, stream, type, time,
 * sequence number) and a column per (path, kind) the tree holds, created when first met.
 * Rows are added in position order. The tree is changed as paths and columns appear; the
 * caller writes `newColumns`/`newObjects` to the mirror's tables in the same transaction as
 * the rows.
 */
export class RowBatch {
  readonly pos: Float64Array<ArrayBuffer>;
  readonly ts: Float64Array<ArrayBuffer>;
  readonly seq: Float64Array<ArrayBuffer>;
  readonly stream: string[];
  readonly type: string[];
  /** Values by column number; a column without values in this batch is all NULL. */
  private readonly byColumn: (ColumnValues | undefined)[] = [];
  readonly newColumns: NewColumn[] = [];
  /** Nodes that held an object for the first time. */
  readonly newObjects: PathNode[] = [];
  /**
   * Nodes that held objects before this batch and gained their first column in it: their
   * earlier objects are missing from the new `j` column (the catch-up fills them in).
   */
  readonly backfill: PathNode[] = [];
  rows = 0;
  private readonly objects: { node: PathNode; row: number; value: JsonObject }[] = [];
  /** Nodes whose number statistics grew in this batch (path-tree.ts `numbers`). */
  readonly numbersChanged = new Set<PathNode>();
  /** Nodes whose first column was made in this batch. */
  private readonly firstColumns = new Set<PathNode>();

  constructor(
    private readonly tree: PathTree,
    readonly capacity: number,
    private readonly maxColumns: number,
  ) {
    this.pos = new Float64Array(capacity);
    this.ts = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.stream = new Array<string>(capacity);
    this.type = new Array<string>(capacity);
  }

  /** The values of a column in this batch (undefined: none, all NULL). */
  valuesOf(col: number): ColumnValues | undefined {
    return this.byColumn[col];
  }

  add(source: SourceRow): void {
    const row = this.rows++;
    this.pos[row] = source[0];
    this.stream[row] = source[1];
    this.type[row] = source[2];
    this.ts[row] = source[3];
    this.seq[row] = source[4];
    this.walk(this.tree.roots.payload, JSON.parse(source[5]) as JsonObject, row);
    this.walk(this.tree.roots.metadata, JSON.parse(source[6]) as JsonObject, row);
  }

  /** Stores the objects met at paths that have columns; call once, after the last add. */
  finish(): this {
    for (const { node, row, value } of this.objects) {
      if (hasColumns(node)) this.putText(node, 'j', row, JSON.stringify(value));
    }
    this.objects.length = 0;
    // Objects of earlier batches at a path that now has columns belong in its `j` column,
    // which may not exist yet: made here, filled by the catch-up (backfillObjects).
    const newObjects = new Set(this.newObjects);
    for (const node of this.firstColumns) {
      if (node.object && !newObjects.has(node) && this.column(node, 'j') !== undefined) {
        this.backfill.push(node);
      }
    }
    return this;
  }

  private walk(node: PathNode, obj: JsonObject, row: number): void {
    for (const key of Object.keys(obj)) {
      const v = obj[key]!;
      if (v === null) continue; // null is missing to every operator of the DSL
      const child = this.tree.child(node, key);
      switch (typeof v) {
        case 'number': {
          const values = this.values(child, 'n');
          if (values) {
            values.valid[row] = 1;
            values.numbers![row] = v;
          }
          if (v !== 0) this.count(child, v);
          break;
        }
        case 'string':
          this.putText(child, 's', row, v);
          break;
        case 'boolean': {
          const values = this.values(child, 'b');
          if (values) {
            values.valid[row] = 1;
            values.flags![row] = v ? 1 : 0;
          }
          break;
        }
        default:
          if (Array.isArray(v)) this.putText(child, 'j', row, JSON.stringify(v));
          else this.object(child, v, row);
      }
    }
  }

  private count(node: PathNode, v: number): void {
    const stats = node.numbers;
    if (stats && Math.abs(v) < stats.limit && Number.isInteger(v * stats.scale)) return;
    const { exp, fracBits } = binaryShape(v);
    if (!stats) {
      node.numbers = numberStats(fracBits, exp);
    } else if (fracBits > stats.fracBits || exp > stats.maxExp) {
      node.numbers = numberStats(Math.max(stats.fracBits, fracBits), Math.max(stats.maxExp, exp));
    } else return;
    this.numbersChanged.add(node);
  }

  private object(node: PathNode, value: JsonObject, row: number): void {
    if (!node.object) {
      node.object = true;
      this.newObjects.push(node);
    }
    this.objects.push({ node, row, value });
    this.walk(node, value, row);
  }

  private putText(node: PathNode, kind: 's' | 'j', row: number, value: string): void {
    const values = this.values(node, kind);
    if (!values) return;
    values.valid[row] = 1;
    values.texts![row] = value;
  }

  /** The batch's values of the node's column for a kind; undefined when the cap refused it. */
  private values(node: PathNode, kind: ValueKind): ColumnValues | undefined {
    const col = node.cols[kind] ?? this.column(node, kind);
    if (col === undefined) return undefined;
    return (this.byColumn[col] ??= new ColumnValues(kind, this.capacity));
  }

  /** The node's column for a kind, made if needed; undefined when the cap refuses it. */
  private column(node: PathNode, kind: ValueKind): number | undefined {
    let col = node.cols[kind];
    if (col === undefined) {
      if (node.unmirrored) return undefined;
      if (this.tree.columnCount() >= this.maxColumns) {
        node.unmirrored = true;
        this.newColumns.push({ node, kind, col: 0 }); // recorded as refused
        return undefined;
      }
      if (!hasColumns(node)) this.firstColumns.add(node);
      col = this.tree.nextColumn++;
      node.cols[kind] = col;
      this.newColumns.push({ node, kind, col });
    }
    return col;
  }
}
