import type { JsonRoot } from '../../../src-shared/contract/fields';

/**
 * What the mirror holds of one instance's payload and metadata paths: a tree of the paths seen
 * in mirrored rows, each with a column per kind of value it held.
 *
 * The typed value of a path (typed-value.ts) is missing/null, a number, a string, a boolean or
 * a container (array or object, compared by its JSON text). A path whose type varies keeps one
 * column per kind it held, so `payload.status` that is "open" in some events and 503 in others
 * has a VARCHAR and a DOUBLE column, and exactly one of them is set in a row (or neither: the
 * event has no value there, or null — the DSL does not tell null from missing).
 *
 *   n  DOUBLE   numbers (JSON integers too, as the SQLite engine compares them)
 *   s  VARCHAR  strings
 *   b  BOOLEAN  booleans
 *   j  VARCHAR  the JSON text of an array, or of an object at a path that also held a
 *               non-object value (objects are otherwise descended into, not stored whole)
 *
 * Columns are named `c<k>` by number (never from user text) and only ever added: a column added
 * for rows after position P is NULL before P, which is exact, since no earlier row held that
 * kind there — with one exception handled by the catch-up (catch-up.ts): an object stored at a
 * path before the path held anything else is filled in when the path gains its first column.
 *
 * A path inside an array (`payload.tags[0]`) has no column: the mirror declines such queries.
 * So do paths that held only objects (`payload.user` when it is always an object) and paths
 * past the column cap (`unmirrored`).
 */
export const valueKinds = ['n', 's', 'b', 'j'] as const;
export type ValueKind = (typeof valueKinds)[number];

export interface PathNode {
  readonly root: JsonRoot;
  /** The keys from the root. */
  readonly segments: readonly string[];
  /** The SQLite JSON path (json-path.ts), `$` for the root itself. */
  readonly path: string;
  readonly children: Map<string, PathNode>;
  /** Column number per kind of value the path held (see above). */
  readonly cols: { n?: number; s?: number; b?: number; j?: number };
  /**
   * Of the numbers held (kind n): the most bits after the binary point any of them has, and
   * the largest binary exponent. With these a sum can be exact (mirror-aggregate.ts).
   */
  numbers: NumberStats | null;
  /** Held an object in some mirrored row. */
  object: boolean;
  /** A column it needed was refused by the column cap: queries on it are declined. */
  unmirrored: boolean;
}

function newNode(root: JsonRoot, segments: readonly string[], path: string): PathNode {
  return {
    root,
    segments,
    path,
    children: new Map(),
    cols: {},
    numbers: null,
    object: false,
    unmirrored: false,
  };
}

export interface NumberStats {
  fracBits: number;
  maxExp: number;
  /** 2^fracBits and 2^(maxExp + 1): a number v with |v| < limit and v * scale an integer
   * changes neither (flat-slice.ts checks that first: cheaper than reading its bits). */
  scale: number;
  limit: number;
}

export function numberStats(fracBits: number, maxExp: number): NumberStats {
  return { fracBits, maxExp, scale: 2 ** fracBits, limit: 2 ** (maxExp + 1) };
}

export function hasColumns(node: PathNode): boolean {
  const c = node.cols;
  return c.n !== undefined || c.s !== undefined || c.b !== undefined || c.j !== undefined;
}

export const columnName = (n: number): string => `c${n}`;

/** The DuckDB type of a column that holds values of a kind. */
export const kindType: Record<ValueKind, string> = {
  n: 'DOUBLE',
  s: 'VARCHAR',
  b: 'BOOLEAN',
  j: 'VARCHAR',
};

/** The paths of one instance: one tree per JSON root. */
export class PathTree {
  readonly roots: Record<JsonRoot, PathNode> = {
    payload: newNode('payload', [], '$'),
    metadata: newNode('metadata', [], '$'),
  };
  private readonly byPath = new Map<string, PathNode>();

  constructor(public nextColumn = 1) {}

  /** The node of a path, or undefined when no mirrored row had a value there. */
  find(root: JsonRoot, path: string): PathNode | undefined {
    return path === '$' ? this.roots[root] : this.byPath.get(`${root}\u0000${path}`);
  }

  child(parent: PathNode, key: string): PathNode {
    let node = parent.children.get(key);
    if (!node) {
      // The same text sqlJsonPath makes (json-path.ts): each key as a JSON string.
      node = newNode(
        parent.root,
        [...parent.segments, key],
        `${parent.path}.${JSON.stringify(key)}`,
      );
      parent.children.set(key, node);
      this.byPath.set(`${node.root}\u0000${node.path}`, node);
    }
    return node;
  }

  /** Recreates a node known from the mirror's own tables (mirror-schema.ts). */
  restore(root: JsonRoot, segments: readonly string[]): PathNode {
    let node = this.roots[root];
    for (const key of segments) node = this.child(node, key);
    return node;
  }

  columnCount(): number {
    return this.nextColumn - 1;
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * A finite non-zero double as m * 2^(e-52) with a 53-bit m: its binary exponent e and the
 * number of bits after the binary point (0 for integers), read from its bits.
 */
export function binaryShape(x: number): { exp: number; fracBits: number } {
  f64[0] = x;
  const hi = u32[1]!;
  const lo = u32[0]!;
  const biased = (hi >>> 20) & 0x7ff;
  const exp = biased === 0 ? -1022 : biased - 1023;
  const high = hi & 0xfffff;
  // Trailing zeros of the 52 stored mantissa bits (the implicit bit ends a normal number).
  let zeros: number;
  if (lo !== 0) zeros = 31 - Math.clz32(lo & -lo);
  else if (high !== 0) zeros = 32 + 31 - Math.clz32(high & -high);
  else zeros = 52; // a power of two
  return { exp, fracBits: Math.max(0, 52 - zeros - exp) };
}
