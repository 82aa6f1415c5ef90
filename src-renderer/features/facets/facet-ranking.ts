import type { FieldInfo } from '../query-builder/field-catalog';

/**
 * Which fields make good default facets, decided from the data rather than from names alone: a
 * facet is worth its room when it splits the events into a few groups. A constant field (Apache's
 * `auth` and `ident`, always "-"; Zeek DNS's one event type) says nothing; a near-unique one
 * (Zeek's `_write_ts` with 45,320 values in 53,615 events; GH Archive's actor logins) is a list
 * of ids, not a summary. So each candidate's distinct values are counted (a grouped count, the
 * facet's own query) and the candidates ranked by `facetUsefulness`.
 */

/** How many facets an instance opens with. */
export const defaultFacetCount = 4;
/** How many fields are counted to choose them: each is a grouped count over the instance. */
export const maxFacetCandidates = 10;

/** Names that are never summaries: ids, free text, URLs and paths, times. */
const notCategorical =
  /(?:^|[._"[])(?:\w*id|message|msg|text|body|query|url|href|path|ts|time|timestamp|date|\w+_at)"?\]?$/iu;

/** Import bookkeeping (the file and line an event came from): every event has it, it tells nothing. */
const provenance = /^metadata\.source\./u;

const typeRank = { string: 0, number: 1, boolean: 2 } as const;

/**
 * The fields worth counting, best first: the event's type and stream, then discovered scalar
 * fields that most events have (strings before numbers before flags), at most `max`.
 */
export function facetCandidates(
  catalog: readonly FieldInfo[],
  total: number,
  max = maxFacetCandidates,
): string[] {
  const scalar = (f: FieldInfo) => {
    const ranks = f.types.map((t) => (t in typeRank ? typeRank[t as keyof typeof typeRank] : 9));
    return ranks.length > 0 && Math.max(...ranks) < 9 ? Math.min(...ranks) : null;
  };
  const discovered = catalog
    .filter((f) => !f.builtIn && !provenance.test(f.path) && !notCategorical.test(f.path))
    .map((f) => ({ f, rank: scalar(f), coverage: total > 0 ? (f.count ?? 0) / total : 0 }))
    .filter((c) => c.rank !== null && c.coverage >= 0.5)
    .sort(
      (a, b) =>
        Number(b.coverage >= 0.9) - Number(a.coverage >= 0.9) ||
        a.rank! - b.rank! ||
        b.coverage - a.coverage ||
        a.f.path.length - b.f.path.length,
    )
    .map((c) => c.f.path);
  return ['event_type', 'stream_id', ...discovered].slice(0, max);
}

/**
 * How useful a field is as a facet, 0..1: its coverage (the share of events that have it) times
 * how well its number of distinct values summarises — best at 2 to 10 values, less up to a
 * thousand, nothing for a constant or for a field with a value per event (more distinct values
 * than half the events that have it) — times its balance: a field whose largest value holds
 * nearly every event (Zeek's `proto`: udp 99.99%) is all but constant.
 */
export function facetUsefulness(
  distinct: number,
  present: number,
  total: number,
  largest = 0,
): number {
  if (distinct < 2 || present <= 0 || total <= 0) return 0;
  if (distinct > present / 2) return 0;
  const summary =
    distinct <= 10 ? 1 : distinct <= 30 ? 0.8 : distinct <= 100 ? 0.5 : distinct <= 1000 ? 0.2 : 0;
  // Up to 90% in one value is normal for logs (Apache: 91% of statuses are 200); past that the
  // field counts less, down to a tenth when one value holds 99.9%.
  const top = largest / present;
  const balance = top <= 0.9 ? 1 : top >= 0.999 ? 0.1 : 1 - (0.9 * (top - 0.9)) / 0.099;
  return Math.min(1, present / total) * summary * balance;
}

export interface FacetProbe {
  path: string;
  /** Distinct values (groups, with "missing" as one). */
  distinct: number;
  /** Events that have the field. */
  present: number;
  /** Events with its most common value. */
  largest: number;
}

/** The default facets: the most useful probes, at most `count`, in the candidates' order. */
export function pickFacets(
  probes: readonly FacetProbe[],
  total: number,
  count = defaultFacetCount,
): string[] {
  const scored = probes
    .map((p, order) => ({
      p,
      order,
      score: facetUsefulness(p.distinct, p.present, total, p.largest),
    }))
    .filter((s) => s.score > 0);
  const best = [...scored].sort((a, b) => b.score - a.score || a.order - b.order).slice(0, count);
  return best.sort((a, b) => a.order - b.order).map((s) => s.p.path);
}
