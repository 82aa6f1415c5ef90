import { useEffect, useState } from 'react';

/**
 * How long a run has taken, ms: 0 when `runKey` becomes a string (a run starts, or starts over
 * for other parameters), ticking every 100 ms while it stays that string, and the run's exact
 * time once it is null again. `run` counts the runs started, so a caller can key what belongs
 * to one run (its "cancelled" flag).
 */
export function useStopwatch(runKey: string | null): { elapsedMs: number; run: number } {
  const [clock, setClock] = useState({ runKey, run: 0, ms: 0 });
  let current = clock;
  if (clock.runKey !== runKey) {
    // Adjusted while rendering (not in an effect): the new run shows 0 in its first frame.
    current = runKey === null ? { ...clock, runKey } : { runKey, run: clock.run + 1, ms: 0 };
    setClock(current);
  }
  const { run } = current;
  useEffect(() => {
    if (runKey === null) return;
    const startedAt = performance.now();
    // Only while this run is the latest: a run that started over must not write its time.
    const tick = () =>
      setClock((c) => (c.run === run ? { ...c, ms: performance.now() - startedAt } : c));
    const timer = setInterval(tick, 100);
    return () => {
      clearInterval(timer);
      tick();
    };
  }, [runKey, run]);
  return { elapsedMs: current.ms, run };
}
