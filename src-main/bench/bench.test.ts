import { describe, expect, it, vi } from 'vitest';
import { ingestSuite } from './ingest-bench';
import { readOptions, summarize, table } from './measure';
import { settingsPart } from './text-index-settings';

describe('bench helpers', () => {
  it('summarize gives min, median (mean of the middle two when even) and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(() => summarize([])).toThrow();
  });

  it('readOptions reads known options, keeps types, skips unknown ones', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const o = readOptions(['--events', '1_000', '--dir', '/x', '--other', '1'], {
      events: 5,
      dir: '',
    });
    expect(o).toEqual({ events: 1000, dir: '/x' });
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    expect(() => readOptions(['--events'], { events: 1 })).toThrow();
  });

  it('table aligns columns', () => {
    expect(
      table(
        ['a', 'n'],
        [
          ['x', '1'],
          ['yy', '22'],
        ],
      ).split('\n'),
    ).toEqual(['a    n', '--  --', 'x    1', 'yy  22']);
  });
});

describe('ingest suite', () => {
  it('runs end to end on a small count and prints the ratio', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      lines.push(a.join(' '));
    });
    try {
      await ingestSuite.run(['--events', '2500', '--reps', '1', '--batch', '1000']);
    } finally {
      log.mockRestore();
    }
    const out = lines.join('\n');
    expect(out).toMatch(/plain inserts, no index/u);
    expect(out).toMatch(/appendEvents/u);
    expect(out).toMatch(/appendEvents \/ baseline \(median of the repetitions' ratios\): \d+%/u);
  });
});

describe('search suite, FTS5 settings part', () => {
  it('writes every variant and prints its CPU, size, segments and counts', () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      lines.push(a.join(' '));
    });
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      settingsPart(2_000);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    const rows = lines.join('\n').split('\n');
    expect(rows.find((r) => r.startsWith('plain rows'))).toMatch(/\d+\.\d\s+-\s+-/u);
    const engine = rows.find((r) => r.includes('(the engine)'));
    // CPU, bytes an event, segments, then the two counts' times.
    expect(engine).toMatch(
      /automerge 16 \(the engine\)\s+\d+\.\d\s+\d+\s+\d+\s+\d+\.\d\s+\d+\.\d$/u,
    );
    expect(rows.filter((r) => r.startsWith('detail='))).toHaveLength(5);
  });
});
