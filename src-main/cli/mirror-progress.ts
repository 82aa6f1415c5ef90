import type { MirrorStatus } from '../../src-shared/contract/mirror-status';
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
 * Progress of a host's mirror on stderr (`eventlens serve`): a line rewritten while it builds,
 * then one line when it is ready, unavailable or failed.
 */
export function reportMirror(host: MirrorHost): void {
  const line = new ProgressLine(false);
  let last = '';
  host.onStatus((status) => {
    if (status.state === 'building') {
      line.update(describeMirror(status));
    } else if (status.state !== last && status.state !== 'starting' && status.state !== 'closed') {
      line.message(describeMirror(status));
    }
    last = status.state;
  });
}
