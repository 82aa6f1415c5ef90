import { formatField, parseField } from '../../../src-shared/contract/fields';
import {
  fieldKinds,
  operatorFacts,
  operators,
  type FieldKind,
  type Operator,
} from '../../../src-shared/contract/operators';

/**
 * What the field picker knows about a field: its canonical path and the kinds of value seen in it.
 * Payload and metadata paths come from the `describeFields` [ext] operation
 * (`{ fields: [{ path, types, count }] }`); the event's own fields are always there.
 */

export interface FieldInfo {
  path: string;
  types: FieldKind[];
  /** Events that have the field; undefined for the event's own fields (all have them). */
  count?: number;
  /** One of the event's own fields (id, stream_id, ...). */
  builtIn?: boolean;
}

export const builtInFields: readonly FieldInfo[] = [
  { path: 'event_type', types: ['string'], builtIn: true },
  { path: 'stream_id', types: ['string'], builtIn: true },
  { path: 'timestamp', types: ['instant'], builtIn: true },
  { path: 'sequence_number', types: ['number'], builtIn: true },
  { path: 'id', types: ['string'], builtIn: true },
];

/** What describeFields reports: JSON types (never `instant`, which is timestamp's own). */
const knownTypes = new Set<string>(fieldKinds.filter((k) => k !== 'instant'));

/** The catalogue: built-in fields first, then discovered ones by how many events have them. */
export function fieldCatalog(
  discovered: readonly { path: string; types: readonly string[]; count?: number }[] = [],
): FieldInfo[] {
  const out: FieldInfo[] = [...builtInFields];
  const seen = new Set(out.map((f) => f.path));
  const sorted = [...discovered].sort(
    (a, b) => (b.count ?? 0) - (a.count ?? 0) || a.path.localeCompare(b.path),
  );
  for (const f of sorted) {
    const path = canonicalField(f.path);
    if (seen.has(path)) continue;
    seen.add(path);
    const info: FieldInfo = {
      path,
      types: f.types.filter((t): t is FieldKind => knownTypes.has(t)),
    };
    if (f.count !== undefined) info.count = f.count;
    out.push(info);
  }
  return out;
}

/** `eventType` -> `event_type`, `user.id` -> `payload.user.id`; unparseable text as given. */
export function canonicalField(text: string): string {
  const parsed = parseField(text);
  return parsed.ok ? formatField(parsed.field) : text;
}

export function findField(catalog: readonly FieldInfo[], text: string): FieldInfo | undefined {
  const path = canonicalField(text);
  return catalog.find((f) => f.path === path);
}

/**
 * Fields matching what the user typed: every word of the text must appear in the path (so
 * "user id" finds payload.user.id); paths starting with the text come first.
 */
export function matchFields(catalog: readonly FieldInfo[], text: string, max = 50): FieldInfo[] {
  const q = text.trim().toLowerCase();
  if (q === '') return catalog.slice(0, max);
  const words = q.split(/\s+/u);
  const scored: { f: FieldInfo; score: number }[] = [];
  for (const f of catalog) {
    const p = f.path.toLowerCase();
    if (!words.every((w) => p.includes(w))) continue;
    const bare = p.replace(/^(payload|metadata)\./u, '');
    const score = p.startsWith(q) || bare.startsWith(q) ? 0 : p.includes(q) ? 1 : 2;
    scored.push({ f, score });
  }
  scored.sort((a, b) => a.score - b.score);
  return scored.slice(0, max).map((s) => s.f);
}

/**
 * Operators worth offering for a field of these types, in the table's order (operators.ts:
 * `offeredFor`). A field seen with several types gets the union; an unknown field (typed by
 * hand) gets everything.
 */
export function operatorsFor(types: readonly FieldKind[] | undefined): Operator[] {
  if (!types || types.length === 0) return [...operators];
  return operators.filter((o) => types.some((t) => operatorFacts[o].offeredFor.includes(t)));
}

/** Operators for a picked field; `exists` is pointless on the event's own fields. */
export function operatorsForField(info: FieldInfo | undefined): Operator[] {
  const ops = operatorsFor(info?.types);
  return info?.builtIn ? ops.filter((o) => o !== 'exists') : ops;
}

/** True for the event's timestamp (under any spelling): operands are instants. */
export function isTimeField(field: string): boolean {
  return canonicalField(field) === 'timestamp';
}
