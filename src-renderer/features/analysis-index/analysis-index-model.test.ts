import { describe, expect, it } from 'vitest';
import { analysisIndexView } from './analysis-index-model';

describe('analysisIndexView', () => {
  it('says how far a build is, what it means and how long it has left', () => {
    const view = analysisIndexView({
      state: 'building',
      mirrored: 450_000,
      events: 1_000_000,
      eventsPerSecond: 100_000,
      etaMs: 5_500,
    })!;
    expect(view).toMatchObject({ phase: 'building', percent: 45, busy: true });
    expect(view.label).toBe('Analysis index: building 45%');
    expect(view.detail).toContain('450,000 of 1,000,000 events copied, about 6 s left');
    expect(view.detail).toContain('counted from the log');
  });

  it('never says 100% before the build is done, and is ready once this instance is copied', () => {
    expect(
      analysisIndexView({ state: 'building', mirrored: 999_999, events: 1_000_000 })!.label,
    ).toBe('Analysis index: building 99%');
    // Another instance may still be building: this one is done.
    expect(analysisIndexView({ state: 'building', mirrored: 10, events: 10 })!.phase).toBe('ready');
    const trailing = analysisIndexView({ state: 'ready', mirrored: 990, events: 1_000 }, 2_048)!;
    // Ready (queries fold in the last events), and asked again until it has them.
    expect(trailing).toMatchObject({ phase: 'ready', label: 'Analysis index: ready', busy: true });
    const ready = analysisIndexView({ state: 'ready', mirrored: 1_000, events: 1_000 }, 2_048)!;
    expect(ready.busy).toBe(false);
    expect(ready.detail).toContain('1,000 events, 2.00 KiB on disk');
  });

  it('explains the states where SQLite answers, and shows nothing when there is no mirror', () => {
    expect(analysisIndexView({ state: 'starting', mirrored: 0, events: 5 })!.phase).toBe(
      'checking',
    );
    const elsewhere = analysisIndexView({
      state: 'unavailable',
      reason: 'held by another process',
      mirrored: 0,
      events: 5,
    })!;
    expect(elsewhere.detail).toContain('held by another process');
    expect(analysisIndexView({ state: 'failed', mirrored: 0, events: 5 })!.busy).toBe(false);
    expect(analysisIndexView({ state: 'off', mirrored: 0, events: 5 })).toBeNull();
    expect(analysisIndexView(undefined)).toBeNull();
  });
});
