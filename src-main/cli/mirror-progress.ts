import type { MirrorStatus } from '../../src-shared/contract/mirror-status';
import type { MirrorCheck } from '../engine/mirror/mirror-check';
import type { MirrorHost } from '../engine/mirror/mirror-host';
import { formatBytes, formatCount, formatDuration, ProgressLine } from './progress-line';

/** One line about the mirror, for stderr. */
export function describeMirror(status: MirrorStatus): string {
  const size = formatBytes(status.sizeBytes);
  switch (status.state) {
    case 'building':
    case 'ready': {
      if (status.state === 'ready' && status.mirrored >= status.events) {
        return `mirror: ready, ${formatCount(status.mirrored)} events in ${size} (${status.file})`;
      }
      // Building: too far behind to answer; catching up: answering, folding in the rest.
      const what = status.state === 'building' ? 'building' : 'catching up';
      const pct = status.events > 0 ? Math.floor((status.mirrored / status.events) * 100) : 100;
      const rate = status.eventsPerSecond ? `, ${formatCount(status.eventsPerSecond)}/s` : '';
      const left = status.etaMs !== undefined ? `, ${formatDuration(status.etaMs)} left` : '';
      return `mirror: ${what}, ${formatCount(status.mirrored)} of ${formatCount(status.events)} events (${pct}%)${rate}${left}`;
    }
    case 'unavailable':
    case 'failed':
      return `mirror: ${status.state} (${status.reason ?? 'no reason given'}); SQLite answers every query`;
    default:
      return `mirror: ${status.state}`;
  }
}

/**
 * One line about a mirror as `checkMirror` found it (`eventlens check`): derived data, so what
 * is wrong with it is said, not counted as a problem of the database (the next host rebuilds).
 */
export function describeMirrorCheck(check: MirrorCheck): string {
  if (!check.exists) return 'mirror: none yet (the app or serve builds it on first open)';
  if (check.heldElsewhere) return 'mirror: open in another process, not read';
  const flaws = [
    ...check.problems,
    ...check.instances.flatMap((i) => (i.problem ? [`instance "${i.name}" ${i.problem}`] : [])),
  ];
  if (flaws.length > 0) return `mirror: will be rebuilt on next open: ${flaws.join('; ')}`;
  const mirrored = check.instances.reduce((n, i) => n + i.mirrored, 0);
  const events = check.instances.reduce((n, i) => n + i.events, 0);
  return `mirror: sound, ${formatCount(mirrored)} of ${formatCount(events)} events mirrored, ${formatBytes(check.sizeBytes)}`;
}

/**
 * One line for the end of the warm-up, or null when there is nothing to say (still running,
 * turned off by the user, stopped by close).
 */
export function describeWarmUp(status: MirrorStatus): string | null {
  const warm = status.warmUp;
  if (warm?.state === 'done') {
    const took = warm.ms !== undefined ? ` in ${formatDuration(warm.ms)}` : '';
    return `mirror: warmed up${took}, every column read once (first charts find it in memory)`;
  }
  if (warm?.state === 'skipped')
    return `mirror: not warmed up (${warm.reason ?? 'no reason given'})`;
  return null;
}

/** What a status line says in one word: a change of it is worth a line of its own. */
function phase(status: MirrorStatus): string {
  return status.state === 'ready' && status.mirrored < status.events ? 'catching up' : status.state;
}

/**
 * Progress of a host's mirror on stderr (`eventlens serve`): a line rewritten while it builds
 * or catches up, then one line when it is ready (every event mirrored), unavailable or failed,
 * and one when its warm-up has ended.
 */
export function reportMirror(host: MirrorHost): void {
  const line = new ProgressLine(false);
  let last = '';
  let warmUpSaid = false;
  host.onStatus((status) => {
    const now = phase(status);
    if (now === 'building' || now === 'catching up') {
      line.update(describeMirror(status));
    } else if (now !== last && now !== 'starting' && now !== 'closed') {
      line.message(describeMirror(status));
    }
    last = now;
    const warmUp = warmUpSaid ? null : describeWarmUp(status);
    if (warmUp) {
      warmUpSaid = true;
      line.message(warmUp);
    }
  });
}
