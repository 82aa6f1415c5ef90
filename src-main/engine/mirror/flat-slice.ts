import { createHash } from 'node:crypto';
import type { JsonRoot } from '../../../src-shared/contract/fields';
import type { JsonObject } from '../../../src-shared/contract/json-value';
import { binaryShape, numberStats, type NumberStats, type ValueKind } from './path-tree';

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

/** A path by its keys from a root: how a slice names paths (column numbers are the mirror's). */
export interface PathRef {
  root: JsonRoot;
  segments: string[];
}

/**
 * The values of one column of a slice, as DuckDB's vectors take them. Validity masks hold a
 * bit per row (DuckDB's layout: row r is bit r % 8 of byte r / 8), padded to whole chunks of
 * `chunkBits` rows, so a chunk's mask is one copy; null where every row has a value.
 */
export type SliceValues =
  | { as: 'number'; data: Float64Array<ArrayBuffer>; valid: Uint8Array<ArrayBuffer> | null }
  | { as: 'flag'; data: Uint8Array<ArrayBuffer>; valid: Uint8Array<ArrayBuffer> }
  | { as: 'text'; texts: (string | undefined)[]; valid: Uint8Array<ArrayBuffer> | null }
  /**
   * An ENUM vector: 0-based codes into `words` (a byte each for up to 255 words, else two;
   * DuckDB's own widths), a row without a value has code 0 and no validity bit.
   */
  | {
      as: 'dictionary';
      codes: Uint8Array<ArrayBuffer> | Uint16Array<ArrayBuffer>;
      words: string[];
      valid: Uint8Array<ArrayBuffer> | null;
    };

export interface SliceColumn extends PathRef {
  kind: ValueKind;
  values: SliceValues;
  /** Kind n: the binary shape of the slice's non-zero numbers (null: all zero). */
  numbers?: NumberStats | null;
  /**
   * Kind j holding only objects' JSON text (no arrays): stored only when the path has a
   * column after this slice (path-tree.ts), which the mirror's thread decides.
   */
  objectsOnly?: boolean;
}

/**
 * A slice of events flattened into typed columns, free of the mirror's catalog: it names
 * paths, and the mirror's thread maps them to its columns (slice-columns.ts). Everything in
 * it is a typed array (transferred between threads) or a few strings.
 */
export interface FlatSlice {
  /** The slice holds positions from + 1 .. from + rows. */
  from: number;
  rows: number;
  pos: Float64Array<ArrayBuffer>;
  ts: Float64Array<ArrayBuffer>;
  seq: Float64Array<ArrayBuffer>;
  stream: SliceValues;
  type: SliceValues;
  columns: SliceColumn[];
  /** Paths that held an object in the slice; `sent`: their JSON text is in the j column. */
  objects: (PathRef & { sent: boolean })[];
  /** eventAnchor of the slice's last event (mirror-schema.ts). */
  anchor: string;
}

/** The buffers of a slice, to transfer rather than copy it to another thread. */
export function transferablesOf(slice: FlatSlice): ArrayBuffer[] {
  const out: ArrayBuffer[] = [slice.pos.buffer, slice.ts.buffer, slice.seq.buffer];
  const add = (v: SliceValues) => {
    if (v.valid) out.push(v.valid.buffer);
    if (v.as === 'number' || v.as === 'flag') out.push(v.data.buffer);
    else if (v.as === 'dictionary') out.push(v.codes.buffer);
  };
  add(slice.stream);
  add(slice.type);
  for (const c of slice.columns) add(c.values);
  return [...new Set(out)];
}

/** Rows per validity chunk: DuckDB's vector size, whose masks a slice's are cut into. */
export const chunkBits = 2_048;

const maskBytes = (rows: number) => Math.ceil(rows / chunkBits) * (chunkBits / 8);

/** Distinct strings above which a slice's column goes as text, not as a dictionary. */
const maxDictionary = 2_048;

/**
 * A hash of a whole event (its place, names, time and JSON): the mirror keeps the one of its
 * last event, so a log whose event at that position differs in any way (a database restored
 * from a backup and written to since) is found out (mirror-check.ts).
 */
export function eventAnchor(row: SourceRow): string {
  return createHash('sha256').update(JSON.stringify(row)).digest('base64url').slice(0, 22);
}

/** A path as the flattener knows it, across slices (the `stored` hint) and within one. */
interface ShapeNode {
  ref: PathRef;
  children: Map<string, ShapeNode>;
  /**
   * The path held a value that is not an object (it has, or had, a column): objects met there
   * are sent as JSON text. A superset of the mirror's paths with columns is all this must be
   * (see SliceFlattener).
   */
  stored: boolean;
  /** The slice (epoch) the fields below belong to. */
  epoch: number;
  cols: Partial<Record<ValueKind, ColumnBuilder>>;
  objectRows: { row: number; value: JsonObject }[];
}

interface ColumnBuilder {
  node: ShapeNode;
  kind: ValueKind;
  valid: Uint8Array<ArrayBuffer>;
  numbers: Float64Array<ArrayBuffer> | null;
  flags: Uint8Array<ArrayBuffer> | null;
  texts: (string | undefined)[] | null;
  stats: NumberStats | null;
  hasArrays: boolean;
}

/**
 * Flattens the slices of one range of events (JSON text) into FlatSlices: the read-and-parse
 * half of a catch-up, which runs on the mirror reader's thread (mirror-reader.ts) beside the
 * appends, or inline for small catch-ups. One flattener per range (slice-source.ts).
 *
 * It holds no catalog of the mirror's: column numbers, the cap, number statistics and which
 * paths hold objects are the mirror's thread's, kept with its DuckDB transactions (and
 * reloaded from them after a rollback). The one thing it keeps is a hint, per path: whether it
 * held a non-object value. Objects at such a path are sent as JSON text (needed when the path
 * has a column); elsewhere only "an object was here" is. The hint starts from the mirror's
 * committed paths with columns (`stored`, handed over with the range) and only grows with the
 * rows flattened, so it covers every path with a column whatever was rolled back meanwhile;
 * one that says "stored" for a path without a column costs a few texts the mirror drops.
 */
export class SliceFlattener {
  private readonly roots: Record<JsonRoot, ShapeNode> = {
    payload: shapeNode('payload', []),
    metadata: shapeNode('metadata', []),
  };
  private epoch = 0;
  private builders: ColumnBuilder[] = [];
  private objectNodes: ShapeNode[] = [];
  private capacity = 0;

  constructor(stored: readonly PathRef[]) {
    for (const p of stored) {
      let node = this.roots[p.root];
      for (const key of p.segments) node = this.child(node, key);
      node.stored = true;
    }
  }

  flatten(from: number, rows: readonly SourceRow[]): FlatSlice {
    const n = rows.length;
    this.epoch++;
    this.builders = [];
    this.objectNodes = [];
    this.capacity = n;
    const roots = this.roots;
    const pos = new Float64Array(n);
    const ts = new Float64Array(n);
    const seq = new Float64Array(n);
    const streams = new Array<string>(n);
    const types = new Array<string>(n);
    for (let r = 0; r < n; r++) {
      const row = rows[r]!;
      pos[r] = row[0];
      streams[r] = row[1];
      types[r] = row[2];
      ts[r] = row[3];
      seq[r] = row[4];
      this.walk(roots.payload, JSON.parse(row[5]) as JsonObject, r);
      this.walk(roots.metadata, JSON.parse(row[6]) as JsonObject, r);
    }
    const objects: FlatSlice['objects'] = [];
    for (const node of this.objectNodes) {
      const sent = node.stored;
      objects.push({ ...node.ref, sent });
      if (!sent) continue;
      // A j column made here holds only objects (hasArrays false: objectsOnly below).
      const j = node.cols.j ?? this.builder(node, 'j');
      for (const { row, value } of node.objectRows) {
        j.texts![row] = JSON.stringify(value);
        setBit(j.valid, row);
      }
    }
    const columns = this.builders.map((b): SliceColumn => {
      const column: SliceColumn = { ...b.node.ref, kind: b.kind, values: this.values(b) };
      if (b.kind === 'n') column.numbers = b.stats;
      if (b.kind === 'j' && !b.hasArrays) column.objectsOnly = true;
      return column;
    });
    this.builders = [];
    this.objectNodes = [];
    return {
      from,
      rows: n,
      pos,
      ts,
      seq,
      stream: textValues(streams, null, n),
      type: textValues(types, null, n),
      columns,
      objects,
      anchor: n > 0 ? eventAnchor(rows[n - 1]!) : '',
    };
  }

  private child(node: ShapeNode, key: string): ShapeNode {
    let child = node.children.get(key);
    if (!child) {
      child = shapeNode(node.ref.root, [...node.ref.segments, key]);
      node.children.set(key, child);
    }
    return child;
  }

  private walk(node: ShapeNode, obj: JsonObject, row: number): void {
    for (const key of Object.keys(obj)) {
      const v = obj[key]!;
      if (v === null) continue; // null is missing to every operator of the DSL
      const child = this.child(node, key);
      switch (typeof v) {
        case 'number': {
          const b = this.column(child, 'n');
          setBit(b.valid, row);
          b.numbers![row] = v;
          if (v !== 0) count(b, v);
          break;
        }
        case 'string': {
          const b = this.column(child, 's');
          setBit(b.valid, row);
          b.texts![row] = v;
          break;
        }
        case 'boolean': {
          const b = this.column(child, 'b');
          setBit(b.valid, row);
          b.flags![row] = v ? 1 : 0;
          break;
        }
        default:
          if (Array.isArray(v)) {
            const b = this.column(child, 'j');
            b.hasArrays = true;
            setBit(b.valid, row);
            b.texts![row] = JSON.stringify(v);
          } else {
            this.current(child);
            if (child.objectRows.length === 0) this.objectNodes.push(child);
            child.objectRows.push({ row, value: v });
            this.walk(child, v, row);
          }
      }
    }
  }

  /** Resets a node's per-slice fields when the slice is a new one. */
  private current(node: ShapeNode): void {
    if (node.epoch === this.epoch) return;
    node.epoch = this.epoch;
    node.cols = {};
    node.objectRows = [];
  }

  private column(node: ShapeNode, kind: ValueKind): ColumnBuilder {
    this.current(node);
    node.stored = true;
    return node.cols[kind] ?? this.builder(node, kind);
  }

  private builder(node: ShapeNode, kind: ValueKind): ColumnBuilder {
    const n = this.capacity;
    const b: ColumnBuilder = {
      node,
      kind,
      valid: new Uint8Array(maskBytes(n)),
      numbers: kind === 'n' ? new Float64Array(n) : null,
      flags: kind === 'b' ? new Uint8Array(n) : null,
      texts: kind === 's' || kind === 'j' ? new Array<string | undefined>(n) : null,
      stats: null,
      hasArrays: false,
    };
    node.cols[kind] = b;
    this.builders.push(b);
    return b;
  }

  private values(b: ColumnBuilder): SliceValues {
    if (b.numbers) return { as: 'number', data: b.numbers, valid: b.valid };
    if (b.flags) return { as: 'flag', data: b.flags, valid: b.valid };
    return textValues(b.texts!, b.valid, this.capacity);
  }
}

function shapeNode(root: JsonRoot, segments: string[]): ShapeNode {
  return {
    ref: { root, segments },
    children: new Map(),
    stored: false,
    epoch: 0,
    cols: {},
    objectRows: [],
  };
}

const setBit = (mask: Uint8Array, row: number) => {
  mask[row >> 3]! |= 1 << (row & 7);
};

/** Grows a column's number statistics (path-tree.ts `numbers`) to cover v. */
function count(b: ColumnBuilder, v: number): void {
  const stats = b.stats;
  if (stats && Math.abs(v) < stats.limit && Number.isInteger(v * stats.scale)) return;
  const { exp, fracBits } = binaryShape(v);
  if (!stats) b.stats = numberStats(fracBits, exp);
  else if (fracBits > stats.fracBits || exp > stats.maxExp) {
    b.stats = numberStats(Math.max(stats.fracBits, fracBits), Math.max(stats.maxExp, exp));
  }
}

/**
 * A text column, as a dictionary (an ENUM vector) when its distinct values are few and it is
 * not sparse: handing DuckDB a string costs a call that converts it, and most payload strings
 * repeat (names, countries, levels, hosts); a dictionary's codes are one memory copy and its
 * words cross once per slice. A sparse column's few strings cost less handed over as they are.
 * Strings read from SQLite are well-formed UTF-16, so distinct here is distinct in UTF-8 too.
 */
function textValues(
  texts: (string | undefined)[],
  valid: Uint8Array<ArrayBuffer> | null,
  rows: number,
): SliceValues {
  if (valid) {
    let present = 0;
    for (let i = 0; i < valid.length; i++) present += bitCount(valid[i]!);
    if (present * 4 < rows) return { as: 'text', texts, valid };
  }
  const codes = new Uint16Array(rows);
  const ids = new Map<string, number>();
  const words: string[] = [];
  for (let r = 0; r < rows; r++) {
    const text = texts[r];
    if (text === undefined) continue;
    let id = ids.get(text);
    if (id === undefined) {
      // An enum's values cross DuckDB's C API as C strings: a NUL would cut one short.
      if (words.length === maxDictionary || text.includes('\0')) {
        return { as: 'text', texts, valid };
      }
      id = words.length;
      words.push(text);
      ids.set(text, id);
    }
    codes[r] = id;
  }
  return {
    as: 'dictionary',
    codes: words.length <= 255 ? Uint8Array.from(codes) : codes,
    words,
    valid,
  };
}

function bitCount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
