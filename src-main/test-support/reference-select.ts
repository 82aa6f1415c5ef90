/** The reference evaluator's `select`: an event projected on the selected fields. Tests only. */
import type { PathSegment } from '../../src-shared/contract/fields';
import type { JsonValue } from '../../src-shared/contract/json-value';
import type { EventRecord, SelectedEvent } from '../../src-shared/contract/records';
import { field, valueOf } from './reference-values';

export function project(e: EventRecord, select: readonly string[]): SelectedEvent {
  const fields = select.map(field);
  const out: SelectedEvent = {};
  // Ancestors win: a path is skipped when a selected prefix of it is present.
  const present = fields.map((f) => (f.kind === 'top' ? true : valueOf(e, f) !== undefined));
  fields.forEach((f, i) => {
    if (f.kind === 'top') {
      out[f.name] = f.name === 'timestamp' ? e.timestamp : e[f.name];
      return;
    }
    if (!present[i]) return;
    const path: PathSegment[] = [f.root, ...f.segments];
    const covered = fields.some(
      (g, j) =>
        j !== i &&
        present[j] &&
        g.kind === 'json' &&
        g.root === f.root &&
        g.segments.length < f.segments.length &&
        g.segments.every((s, k) => s === f.segments[k]),
    );
    if (!covered) setIn(out, path, structuredClone(valueOf(e, f)!));
  });
  // Key order is not compared (JSON objects are unordered); the structure is.
  return out;
}

function setIn(target: SelectedEvent, path: PathSegment[], value: JsonValue): void {
  let node: JsonValue = target;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const container = node as Record<string, JsonValue> & JsonValue[];
    if (last) {
      if (typeof seg === 'number') {
        while (container.length < seg) container.push(null);
      }
      container[seg as never] = value;
      return;
    }
    let next: JsonValue | undefined = container[seg as never];
    if (next === undefined || next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      if (typeof seg === 'number') while (container.length < seg) container.push(null);
      container[seg as never] = next;
    }
    node = next;
  }
}
