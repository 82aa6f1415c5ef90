import { describe, expect, it } from 'vitest';
import { fieldCatalog } from '../query-builder/field-catalog';
import { facetCandidates, facetUsefulness, pickFacets } from './facet-ranking';

describe('facet usefulness', () => {
  it('is nothing for a constant or a near-unique field', () => {
    expect(facetUsefulness(1, 9999, 9999)).toBe(0); // Apache auth: always "-"
    expect(facetUsefulness(45_320, 53_615, 53_615)).toBe(0); // Zeek _write_ts
    expect(facetUsefulness(623, 800, 800)).toBe(0); // GH repos: a stream per event or so
  });

  it('prefers a few values, and fields most events have', () => {
    expect(facetUsefulness(8, 9999, 9999)).toBe(1); // Apache status
    expect(facetUsefulness(15, 800, 800)).toBeLessThan(1);
    expect(facetUsefulness(15, 800, 800)).toBeGreaterThan(facetUsefulness(77, 800, 800));
    expect(facetUsefulness(5, 500, 1000)).toBe(0.5);
  });

  it('is little for a field whose largest value holds nearly every event', () => {
    const proto = facetUsefulness(2, 53_615, 53_615, 53_609); // Zeek: udp 99.99%
    const qtype = facetUsefulness(11, 53_606, 53_615, 30_000);
    expect(proto).toBeLessThanOrEqual(0.1);
    expect(qtype).toBeGreaterThan(0.6);
    expect(facetUsefulness(4, 100, 100, 50)).toBe(1);
  });
});

describe('facet candidates', () => {
  it('skips ids, times, URLs, import bookkeeping and fields few events have', () => {
    const catalog = fieldCatalog([
      { path: 'metadata._write_ts', types: ['string'], count: 100 },
      { path: 'metadata.source.file', types: ['string'], count: 100 },
      { path: 'metadata.uid', types: ['string'], count: 100 },
      { path: 'metadata.actor.avatar_url', types: ['string'], count: 100 },
      { path: 'payload.rare', types: ['string'], count: 10 },
      { path: 'payload.AA', types: ['boolean'], count: 100 },
      { path: 'payload.status', types: ['number'], count: 100 },
      { path: 'payload.method', types: ['string'], count: 100 },
      { path: 'payload.answers', types: ['array'], count: 100 },
    ]);
    expect(facetCandidates(catalog, 100)).toEqual([
      'event_type',
      'stream_id',
      'payload.method',
      'payload.status',
      'payload.AA',
    ]);
  });
});

describe('picking the default facets', () => {
  it('takes the most useful, in the candidates order (Apache)', () => {
    const total = 9999;
    const probes = [
      { path: 'event_type', distinct: 14, present: total, largest: 9090 },
      { path: 'stream_id', distinct: 1753, present: total, largest: 1 },
      { path: 'metadata.auth', distinct: 1, present: total, largest: 1 },
      { path: 'metadata.ident', distinct: 1, present: total, largest: 1 },
      { path: 'payload.agent', distinct: 559, present: total, largest: 1 },
      { path: 'payload.method', distinct: 4, present: total, largest: 1 },
      { path: 'payload.protocol', distinct: 2, present: total, largest: 1 },
      { path: 'payload.status', distinct: 8, present: total, largest: 1 },
    ];
    expect(pickFacets(probes, total)).toEqual([
      'event_type',
      'payload.method',
      'payload.protocol',
      'payload.status',
    ]);
  });

  it('leaves out GH Archive actor logins and a constant event type (Zeek DNS)', () => {
    expect(
      pickFacets(
        [
          { path: 'event_type', distinct: 15, present: 800, largest: 1 },
          { path: 'stream_id', distinct: 623, present: 800, largest: 1 },
          { path: 'metadata.actor.display_login', distinct: 560, present: 800, largest: 1 },
          { path: 'metadata.actor.login', distinct: 560, present: 800, largest: 1 },
        ],
        800,
      ),
    ).toEqual(['event_type']);
    expect(pickFacets([{ path: 'event_type', distinct: 1, present: 5, largest: 1 }], 5)).toEqual(
      [],
    );
  });
});
