import type { FlatSlice, PathRef, SliceValues } from './flat-slice';
import { hasColumns, numberStats, type PathNode, type PathTree, type ValueKind } from './path-tree';

export interface NewColumn {
  node: PathNode;
  kind: ValueKind;
  col: number;
}

/**
 * A flattened slice (flat-slice.ts) placed in an instance's path tree, on the mirror's thread:
 * each of its paths and kinds gets its column (made when first met, or refused by the cap),
 * its number statistics and objects are recorded. The tree is changed in place; the caller
 * writes `newColumns`, `newObjects` and `numbersChanged` to the mirror's tables in the same
 * transaction as the rows (and reloads the tree from them if that transaction fails).
 */
export class SliceColumns {
  readonly newColumns: NewColumn[] = [];
  /** Nodes that held an object for the first time. */
  readonly newObjects: PathNode[] = [];
  /**
   * Nodes that held objects before this slice and gained their first column in it: their
   * earlier objects are missing from the new `j` column (the catch-up fills them in).
   */
  readonly backfill: PathNode[] = [];
  /** Nodes whose number statistics grew (path-tree.ts `numbers`). */
  readonly numbersChanged = new Set<PathNode>();
  /** The slice's values by column number; a column without values here is all NULL. */
  private readonly byColumn: (SliceValues | undefined)[] = [];
  /** Nodes whose first column was made for this slice. */
  private readonly firstColumns = new Set<PathNode>();

  constructor(
    private readonly tree: PathTree,
    readonly slice: FlatSlice,
    private readonly maxColumns: number,
  ) {
    for (const ref of slice.objects) {
      const node = this.node(ref);
      if (!node.object) {
        node.object = true;
        this.newObjects.push(node);
      }
    }
    // Objects' text is stored where the path has a column once the slice's other values
    // have theirs (path-tree.ts), so those columns go first.
    const objectsOnly = slice.columns.filter((c) => c.objectsOnly);
    for (const c of slice.columns) {
      if (c.objectsOnly) continue;
      const node = this.node(c);
      if (c.kind === 'n' && c.numbers) this.count(node, c.numbers.fracBits, c.numbers.maxExp);
      this.place(node, c.kind, c.values);
    }
    for (const c of objectsOnly) {
      const node = this.node(c);
      if (hasColumns(node)) this.place(node, 'j', c.values);
    }
    const newObjects = new Set(this.newObjects);
    for (const ref of slice.objects) {
      const node = this.node(ref);
      if (!ref.sent && hasColumns(node)) {
        // The flattener's hint covers every path with a column (flat-slice.ts): a bug if not.
        throw new Error(`mirror: objects at ${node.root} ${node.path} were not sent`);
      }
    }
    // Objects of earlier slices at a path that now has columns belong in its `j` column,
    // which may not exist yet: made here, filled by the catch-up (backfillObjects).
    for (const node of this.firstColumns) {
      if (node.object && !newObjects.has(node) && this.column(node, 'j') !== undefined) {
        this.backfill.push(node);
      }
    }
  }

  /** The slice's values of a column (undefined: none, all NULL). */
  valuesOf(col: number): SliceValues | undefined {
    return this.byColumn[col];
  }

  private node(ref: PathRef): PathNode {
    return this.tree.restore(ref.root, ref.segments);
  }

  private place(node: PathNode, kind: ValueKind, values: SliceValues): void {
    const col = this.column(node, kind);
    if (col !== undefined) this.byColumn[col] = values;
  }

  private count(node: PathNode, fracBits: number, maxExp: number): void {
    const stats = node.numbers;
    if (!stats) node.numbers = numberStats(fracBits, maxExp);
    else if (fracBits > stats.fracBits || maxExp > stats.maxExp) {
      node.numbers = numberStats(
        Math.max(stats.fracBits, fracBits),
        Math.max(stats.maxExp, maxExp),
      );
    } else return;
    this.numbersChanged.add(node);
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
