import type { InstanceMirrorStatus } from '../../../src-shared/contract/mirror-status';
import { formatBytes, formatCount } from '../../components/numbers';

/**
 * What the UI calls the columnar mirror (docs/mirror.md): the "analysis index", a copy of an
 * instance's events in columns that answers charts over payload fields.
 */
export interface AnalysisIndexView {
  /** checking: opening it; building: this instance is not copied yet (charts over payload
   *  fields are counted from the log); ready; elsewhere: another process holds it; failed. */
  phase: 'checking' | 'building' | 'ready' | 'elsewhere' | 'failed';
  /** The status bar's words. */
  label: string;
  /** What it means, on hover. */
  detail: string;
  /** 0-100 while building. */
  percent?: number;
  /** Worth asking again soon (it is moving, or trails the log). */
  busy: boolean;
}

const about = (ms: number): string => {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 90) return `about ${s} s left`;
  const m = Math.round(s / 60);
  return m < 90 ? `about ${m} min left` : `about ${Math.round(m / 60)} h left`;
};

const what =
  'The analysis index is a columnar copy of the events that answers charts and scans over ' +
  'payload fields in milliseconds, kept in step with the log.';

/** The view of a status; null when there is nothing to show (no mirror, or turned off). */
export function analysisIndexView(
  status: InstanceMirrorStatus | undefined,
  sizeBytes = 0,
): AnalysisIndexView | null {
  if (!status) return null;
  switch (status.state) {
    case 'starting':
      return {
        phase: 'checking',
        label: 'Analysis index: checking…',
        detail: `${what} It is being opened and checked against the log.`,
        busy: true,
      };
    case 'building':
    case 'ready': {
      // "ready" may trail the log by a few events (queries fold those in before they answer):
      // asked again until it has them, so the figures shown converge.
      if (status.state === 'ready' || status.mirrored >= status.events) {
        return {
          phase: 'ready',
          label: 'Analysis index: ready',
          detail: `${what} ${formatCount(status.events)} events, ${formatBytes(sizeBytes)} on disk.`,
          busy: status.mirrored < status.events,
        };
      }
      const percent = Math.min(
        99,
        Math.floor((status.mirrored / Math.max(1, status.events)) * 100),
      );
      const left = status.etaMs !== undefined ? `, ${about(status.etaMs)}` : '';
      return {
        phase: 'building',
        label: `Analysis index: building ${percent}%`,
        detail:
          `${what} Building: ${formatCount(status.mirrored)} of ${formatCount(status.events)} ` +
          `events copied${left}. Until then, charts over payload fields are counted from the ` +
          'log: the same answers, but slower.',
        percent,
        busy: true,
      };
    }
    case 'unavailable':
      return {
        phase: 'elsewhere',
        label: 'Analysis index: in use elsewhere',
        detail:
          `${what} Another program on this database holds it (${status.reason ?? 'no reason given'}), ` +
          'so charts are counted from the log: the same answers, but slower. It is tried again every 30 s.',
        busy: true,
      };
    case 'failed':
      return {
        phase: 'failed',
        label: 'Analysis index: unavailable',
        detail: `${what} It could not be kept (${status.reason ?? 'no reason given'}), so charts are counted from the log: the same answers, but slower.`,
        busy: false,
      };
    default:
      return null; // off, closed
  }
}
