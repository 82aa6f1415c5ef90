import { useDeferredValue, useMemo, useState } from 'react';
import { Bar, BarChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useOperation } from '../../app/use-operation';
import { resolveTimeRange, useQueryStore } from '../../state/query-store';
import { isGrouped } from '../charts/chart-model';
import { useChartPalette, type ChartPalette } from '../charts/use-chart-palette';
import { useRunStore } from '../query-run/run-store';
import { useCurrentQuery } from '../query-run/use-current-query';
import { formatCount, formatDuration, useTimedQuery } from '../query-run/use-timed-query';
import { describeInterval, pickInterval } from './buckets';
import { dragRange, histogramQuery, histogramSeries, type HistogramRow } from './histogram-model';
import { formatBucket, formatTick, niceTicks } from './time-format';

/** The span the histogram covers: the time range, else the instance's first to last event. */
export function useHistogramDomain(instanceId: string | null): { from: number; to: number } | null {
  const range = useQueryStore((s) => s.timeRange);
  const anchor = useRunStore((s) => s.anchor);
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
  const setRange = useQueryStore((s) => s.setTimeRange);
  const bump = useRunStore((s) => s.bump);
  const domain = useHistogramDomain(props.instanceId);
  const [stacked, setStacked] = useState(true);
  const interval = domain ? pickInterval(domain.to - domain.from) : '1h';
  const query = base && domain ? histogramQuery(base, interval, stacked) : null;
  const run = useTimedQuery(query);
  const palette = useChartPalette();
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);

  const answered = run.result?.aggregation;
  // An answer travels with the interval and span it was asked for: the deferred value below
  // lags behind them, and an old answer cut into a new interval (30 days of groups in 10 s
  // buckets) drew 10,001 bars and held the window for seconds.
  const from = domain?.from;
  const to = domain?.to;
  const asked = useMemo(
    () =>
      answered && isGrouped(answered) && from !== undefined && to !== undefined
        ? { groups: answered.groups, interval, domain: { from, to }, stacked }
        : null,
    [answered, interval, from, to, stacked],
  );
  // Recharts takes hundreds of ms to draw a few hundred stacked bars. A deferred value draws
  // them in a background render that React splits into slices, so the window (the event table
  // scrolling beside it) never waits for the chart; the state says 'running' until it is drawn.
  const shown = useDeferredValue(asked);
  const drawing = shown !== asked;
  const series = useMemo(
    () =>
      shown ? histogramSeries(shown.groups, shown.interval, shown.domain, shown.stacked) : null,
    [shown],
  );
  const drawnInterval = shown?.interval ?? interval;
  const rows = series?.rows ?? [];
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

  const finishDrag = () => {
    if (!drag) return;
    const a = rows[drag.a]?.t;
    const b = rows[drag.b]?.t;
    setDrag(null);
    if (a === undefined || b === undefined) return;
    setRange({ kind: 'absolute', ...dragRange(a, b, drawnInterval) });
    bump();
  };

  // Built only when what it shows changes: re-rendering recharts' tree costs as much as drawing.
  const plot = useMemo(
    () => (
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          barCategoryGap={1}
          onMouseDown={(s) => {
            const i = indexOf(s.activeTooltipIndex);
            if (i !== null) setDrag({ a: i, b: i });
          }}
          onMouseMove={(s) => {
            const i = indexOf(s.activeTooltipIndex);
            if (drag && i !== null && i !== drag.b) setDrag({ ...drag, b: i });
          }}
          onMouseUp={finishDrag}
          style={{ cursor: 'crosshair', userSelect: 'none' }}
        >
          <XAxis
            dataKey="t"
            ticks={ticks}
            interval={0}
            tickFormatter={(t: number) => formatTick(t, drawnInterval, tickStep)}
            tick={{ fill: palette.text, fontSize: 11 }}
            stroke={palette.axis}
            tickLine={false}
          />
          <YAxis
            width={44}
            tick={{ fill: palette.text, fontSize: 11 }}
            stroke={palette.axis}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
            tickFormatter={(n: number) => compact.format(n)}
            tickCount={3}
          />
          <Tooltip
            cursor={{ fill: palette.selection }}
            isAnimationActive={false}
            content={(p) => (
              <HistogramTooltip
                active={p.active ?? false}
                row={p.payload?.[0]?.payload as HistogramRow | undefined}
                interval={drawnInterval}
                series={series?.series ?? []}
                palette={palette}
              />
            )}
          />
          {/* One bar per bucket; stacked, it draws its segments itself: recharts' own
            stacking renders a component per bar per type (~800 here), and drawing them held
            the window for most of a second. */}
          <Bar
            dataKey="total"
            name="events"
            fill={palette.series[0]}
            isAnimationActive={false}
            shape={
              shown?.stacked && series && series.series.length > 0
                ? (bar: BarShapeProps) => (
                    <StackedBar {...bar} series={series.series} palette={palette} />
                  )
                : undefined
            }
          />
          {drag && rows[drag.a] && rows[drag.b] && (
            <ReferenceArea
              x1={rows[Math.min(drag.a, drag.b)]!.t}
              x2={rows[Math.max(drag.a, drag.b)]!.t}
              fill={palette.selection}
              strokeOpacity={0}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
    ),
    // finishDrag reads drag, rows and the drawn interval, all listed.
    [rows, ticks, tickStep, palette, drag, series, drawnInterval],
  );

  return (
    <div
      className="q-histogram"
      data-testid="histogram"
      data-interval={drawnInterval}
      data-state={
        run.running || drawing
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
      <div className="q-histogram-head">
        <span className="q-muted" data-testid="histogram-summary">
          {total === null ? (run.cancelled ? 'Cancelled' : '…') : `${formatCount(total)} events`} ·
          every {describeInterval(interval)}
          {run.result && ` · ${formatDuration(run.elapsedMs)}`}
          {partial && ' · too many buckets × types: showing part'}
        </span>
        <label className="q-check">
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
        <div className="q-error" role="alert">
          {run.error.message}
        </div>
      ) : (
        <div className="q-histogram-plot" onMouseLeave={() => setDrag(null)}>
          {plot}
          {/* The numbers behind the bars, for screen readers and for tests. */}
          <table className="q-visually-hidden" data-testid="histogram-data">
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
      )}
    </div>
  );
}

interface BarShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  payload?: HistogramRow;
}

/** A bucket's bar cut into its types, the first at the bottom, in the series' colours. */
function StackedBar(props: BarShapeProps & { series: string[]; palette: ChartPalette }) {
  const { x = 0, y = 0, width = 0, height = 0, payload: row } = props;
  if (!row || row.total <= 0 || height <= 0) return <g />;
  let bottom = y + height;
  return (
    <g>
      {props.series.map((s, i) => {
        const count = row.counts.get(s) ?? 0;
        if (count <= 0) return null;
        const h = (height * count) / row.total;
        bottom -= h;
        return (
          <rect
            key={s}
            x={x}
            y={bottom}
            width={width}
            height={h}
            fill={seriesColour(props.palette, i)}
          />
        );
      })}
    </g>
  );
}

/** The colour of the i-th stacked type (the ninth and later share "other"'s). */
function seriesColour(palette: ChartPalette, i: number): string {
  return i < 8 ? palette.series[i % palette.series.length]! : palette.other;
}

/** Recharts reports the bar under the pointer as a number or a numeric string. */
function indexOf(index: unknown): number | null {
  const n = typeof index === 'number' ? index : typeof index === 'string' ? Number(index) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact' });

function HistogramTooltip(props: {
  active: boolean;
  row: HistogramRow | undefined;
  interval: string;
  series: string[];
  palette: ChartPalette;
}) {
  const { row } = props;
  if (!props.active || !row) return null;
  return (
    <div className="q-tooltip">
      <div className="q-tooltip-title">{formatBucket(row.t, props.interval)}</div>
      <div className="q-tooltip-row">
        <span>events</span>
        <b>{formatCount(row.total)}</b>
      </div>
      {props.series.map((s, i) =>
        row.counts.get(s) ? (
          <div key={s} className="q-tooltip-row">
            <span>
              <i className="q-swatch" style={{ background: seriesColour(props.palette, i) }} />
              {s}
            </span>
            <span>{formatCount(row.counts.get(s) ?? 0)}</span>
          </div>
        ) : null,
      )}
      <div className="q-tooltip-hint">drag across bars to narrow the range</div>
    </div>
  );
}
