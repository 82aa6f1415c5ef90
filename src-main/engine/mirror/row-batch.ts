import type { JsonObject, JsonValue } from '../../../src-shared/contract/json-value';
import { binaryShape, hasColumns, type PathNode, type PathTree, type ValueKind } from './path-tree';

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
  readonly pos: Float64Array;
  readonly ts: Float64Array;
  readonly seq: Float64Array;
  readonly stream: string[];
  readonly type: string[];
  /** Values by column number; a column without values in this batch is all NULL. */
  readonly columns = new Map<number, ColumnValues>();
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
      if (hasColumns(node)) this.put(node, 'j', row, JSON.stringify(value));
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
        case 'number':
          this.put(child, 'n', row, v);
          if (v !== 0) this.count(child, v);
          break;
        case 'string':
          this.put(child, 's', row, v);
          break;
        case 'boolean':
          this.put(child, 'b', row, v);
          break;
        default:
          if (Array.isArray(v)) this.put(child, 'j', row, JSON.stringify(v));
          else this.object(child, v, row);
      }
    }
  }

  private count(node: PathNode, v: number): void {
    const { exp, fracBits } = binaryShape(v);
    const stats = node.numbers;
    if (!stats) {
      node.numbers = { fracBits, maxExp: exp };
      this.numbersChanged.add(node);
    } else if (fracBits > stats.fracBits || exp > stats.maxExp) {
      stats.fracBits = Math.max(stats.fracBits, fracBits);
      stats.maxExp = Math.max(stats.maxExp, exp);
      this.numbersChanged.add(node);
    }
  }

  private object(node: PathNode, value: JsonObject, row: number): void {
    if (!node.object) {
      node.object = true;
      this.newObjects.push(node);
    }
    this.objects.push({ node, row, value });
    this.walk(node, value, row);
  }

  private put(node: PathNode, kind: ValueKind, row: number, value: JsonValue): void {
    const col = this.column(node, kind);
    if (col === undefined) return;
    let values = this.columns.get(col);
    if (!values) this.columns.set(col, (values = new ColumnValues(kind, this.capacity)));
    values.valid[row] = 1;
    if (kind === 'n') values.numbers![row] = value as number;
    else if (kind === 'b') values.flags![row] = value ? 1 : 0;
    else values.texts![row] = value as string;
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
