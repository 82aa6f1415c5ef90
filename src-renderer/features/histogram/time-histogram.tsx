import { useMemo, useState } from 'react';
import { useOperation } from '../../client/use-operation';
import { countOf } from '../../components/numbers';
import { resolveTimeRange, useQueryStore } from '../../state/query-store';
import { isGrouped } from '../charts/chart-model';
import { useChartPalette } from '../charts/use-chart-palette';
import { useRunStore } from '../../state/run-store';
import { moveTimeRange } from '../../state/range-undo-store';
import { useCurrentQuery } from '../query-run/use-current-query';
import { formatDuration, useTimedQuery } from '../query-run/use-timed-query';
import { describeInterval, pickInterval } from './buckets';
import { HistogramPlot, type PlotMark } from './histogram-plot';
import { useInstanceBookmarks } from '../bookmarks/use-bookmarks';
import { openBookmark } from '../bookmarks/open-bookmark';
import { dragRange, histogramQuery, histogramSeries } from './histogram-model';
import { formatBucket, niceTicks } from './time-format';
import './histogram.css';

const noSeries: readonly string[] = [];

/** The span the histogram covers: the time range, else the instance's first to last event. */
export function useHistogramDomain(instanceId: string | null): { from: number; to: number } | null {
  const range = useQueryStore((s) => s.timeRange);
  const anchor = useRunStore((s) => s.anchors);
  const stats = useOperation(
    'getInstanceStats',
    { instanceId: instanceId ?? '' },
    { enabled: instanceId !== null && range === null },
  );
  if (range) return resolveTimeRange(range, anchor);
  const first = stats.data?.firstEventAt;
  const last = stats.data?.lastEventAt;
  if (!first || !last) return null;
  return { from: Date.parse(first), to: Date.parse(last) };
}

/**
 * Counts per time bucket over the current results (~50-120 buckets for the range), optionally
 * stacked by event type. Dragging across it (or clicking one bar) narrows the time range.
 */
export function TimeHistogram(props: { instanceId: string }) {
  const { base } = useCurrentQuery();
  const domain = useHistogramDomain(props.instanceId);
  const [stacked, setStacked] = useState(true);
  const interval = domain ? pickInterval(domain.to - domain.from) : '1h';
  const query = base && domain ? histogramQuery(base, interval, stacked) : null;
  const run = useTimedQuery(query);
  const palette = useChartPalette();
  const bookmarks = useInstanceBookmarks(props.instanceId);
  const stream = useQueryStore((s) => s.stream);
  // The instance's bookmarks (of the stream shown, if one is) at their events' times.
  const marks = useMemo<PlotMark[]>(
    () =>
      [...bookmarks.values()]
        .filter((b) => stream === null || b.stream === stream)
        .map((b) => ({
          key: b.eventId,
          t: Date.parse(b.timestamp),
          className: `bookmark-fill bookmark-${b.colour}`,
          title: `${b.note || 'Bookmark (no note)'} · ${b.stream} #${b.sequence}`,
        })),
    [bookmarks, stream],
  );

  const answered = run.result?.aggregation;
  // An answer is drawn with the interval and span it was asked for, never cut into newer ones:
  // an old answer (30 days of groups) cut into 10 s buckets drew 10,001 bars.
  const from = domain?.from;
  const to = domain?.to;
  const shown = useMemo(
    () =>
      answered && isGrouped(answered) && from !== undefined && to !== undefined
        ? { groups: answered.groups, interval, domain: { from, to }, stacked }
        : null,
    [answered, interval, from, to, stacked],
  );
  const series = useMemo(
    () =>
      shown ? histogramSeries(shown.groups, shown.interval, shown.domain, shown.stacked) : null,
    [shown],
  );
  const drawnInterval = shown?.interval ?? interval;
  const rows = useMemo(() => series?.rows ?? [], [series]);
  const ticks = useMemo(
    () =>
      niceTicks(
        rows.map((r) => r.t),
        drawnInterval,
      ),
    [rows, drawnInterval],
  );
  const tickStep = ticks.length >= 2 ? ticks[1]! - ticks[0]! : undefined;
  const total = run.result?.total ?? null;
  const partial =
    answered !== undefined && isGrouped(answered) && answered.groupCount > answered.groups.length;

  const pick = (a: number, b: number) => {
    const ta = rows[a]?.t;
    const tb = rows[b]?.t;
    if (ta === undefined || tb === undefined) return;
    // Undoable (the time range's undo button), and a step of Back/Forward.
    moveTimeRange({ kind: 'absolute', ...dragRange(ta, tb, drawnInterval) });
  };

  return (
    <div
      className="histogram"
      data-testid="histogram"
      data-interval={drawnInterval}
      data-state={
        run.running
          ? 'running'
          : run.error
            ? 'error'
            : series
              ? 'ready'
              : run.cancelled
                ? 'cancelled'
                : 'empty'
      }
    >
      <div className="histogram-head">
        <span className="muted" data-testid="histogram-summary">
          {total === null ? (run.cancelled ? 'Cancelled' : '…') : countOf(total, 'event')} · every{' '}
          {describeInterval(interval)}
          {run.result && ` · ${formatDuration(run.elapsedMs)}`}
          {partial && ' · too many buckets × types: showing part'}
        </span>
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={stacked}
            data-testid="histogram-stacked"
            onChange={(e) => setStacked(e.target.checked)}
          />
          by event type
        </label>
      </div>
      {run.error ? (
        <div className="text-error" role="alert">
          {run.error.message}
        </div>
      ) : (
        <div className="histogram-plot">
          <HistogramPlot
            rows={rows}
            series={series?.series ?? noSeries}
            maxTotal={series?.maxTotal ?? 0}
            interval={drawnInterval}
            ticks={ticks}
            tickStep={tickStep}
            palette={palette}
            onPick={pick}
            marks={marks}
            onMark={(id) => {
              const b = bookmarks.get(id);
              if (b) openBookmark(b);
            }}
          />
          {/* The numbers behind the bars, for screen readers and for tests. */}
          <div className="visually-hidden">
            <table data-testid="histogram-data">
              <tbody>
                {rows.map((r) => (
                  <tr key={r.t} data-t={r.t} data-total={r.total}>
                    <td>{formatBucket(r.t, drawnInterval)}</td>
                    <td>{r.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
