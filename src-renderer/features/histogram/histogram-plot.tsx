import { useMemo, useRef, useState, type PointerEvent } from 'react';
import { useClientSize } from '../../components/use-client-size';
import type { ChartPalette } from '../charts/use-chart-palette';
import { formatCount } from '../query-run/use-timed-query';
import type { HistogramRow } from './histogram-model';
import { intervalMs } from '../../../src-shared/contract/query';
import { band, barPaths, bucketAt, countTicks, timeX, type PlotBox } from './plot-geometry';
import { formatBucket, formatTick } from './time-format';

/** Room for the count labels (left) and the time labels (below). */
const margin = { left: 44, right: 8, top: 8, bottom: 18 };
const fontSize = 11;

/** A mark at an instant above the bars (a bookmark): its class gives its colour. */
export interface PlotMark {
  key: string;
  t: number;
  className: string;
  title: string;
}
const noMarks: readonly PlotMark[] = [];

/**
 * The histogram's bars, axes, hover and drag, drawn as plain SVG: one path per series, so a new
 * answer redraws a handful of nodes. (recharts drew a component per bar and laid them out in
 * store-driven synchronous renders: 100-300 ms long tasks on every answer, in the middle of
 * whatever the table was doing.)
 */
export function HistogramPlot(props: {
  rows: readonly HistogramRow[];
  /** Stacked series, bottom first; [] draws the totals in one colour. */
  series: readonly string[];
  /** The largest bucket's count. */
  maxTotal: number;
  interval: string;
  ticks: readonly number[];
  tickStep: number | undefined;
  palette: ChartPalette;
  /** A click (one bucket) or a drag across buckets, as bucket indexes. */
  onPick: (a: number, b: number) => void;
  marks?: readonly PlotMark[];
  /** A click on a mark. */
  onMark?: (key: string) => void;
}) {
  const { rows, series, palette, interval } = props;
  const ref = useRef<HTMLDivElement>(null);
  const size = useClientSize(ref);
  const [hover, setHover] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);

  const box: PlotBox = useMemo(
    () => ({
      left: margin.left,
      top: margin.top,
      width: Math.max(0, size.width - margin.left - margin.right),
      height: Math.max(0, size.height - margin.top - margin.bottom),
    }),
    [size.width, size.height],
  );
  const yTicks = useMemo(() => countTicks(props.maxTotal), [props.maxTotal]);
  const top = yTicks[yTicks.length - 1]!;
  const paths = useMemo(() => barPaths(rows, series, box, top), [rows, series, box, top]);
  const n = rows.length;
  const y = (count: number) => box.top + box.height - (top > 0 ? (box.height * count) / top : 0);
  const bottom = box.top + box.height;
  const ms = intervalMs(interval) ?? 0;
  const marks = (props.marks ?? noMarks).flatMap((m) => {
    const x = n > 0 ? timeX(m.t, rows[0]!.t, ms, box, n) : null;
    return x === null ? [] : [{ ...m, x }];
  });

  const indexAt = (e: PointerEvent, clamp: boolean) =>
    bucketAt(e.clientX - e.currentTarget.getBoundingClientRect().left, box, n, clamp);
  const highlight = drag
    ? { from: Math.min(drag.a, drag.b), to: Math.max(drag.a, drag.b) }
    : hover !== null
      ? { from: hover, to: hover }
      : null;
  const tip = hover !== null && !drag ? rows[hover] : undefined;
  const tipBand = hover !== null ? band(hover, box, n) : null;
  const tipOnLeft = tipBand !== null && tipBand.x > size.width / 2;

  return (
    <div ref={ref} className="histogram-canvas">
      {size.width > 0 && (
        <svg
          width={size.width}
          height={size.height}
          data-testid="histogram-plot"
          role="img"
          aria-label="Events over time; the table below gives the numbers"
          style={{ cursor: 'crosshair', userSelect: 'none', display: 'block' }}
          onPointerDown={(e) => {
            if (e.button !== 0) return;
            const i = indexAt(e, false);
            if (i === null) return;
            e.currentTarget.setPointerCapture(e.pointerId);
            setDrag({ a: i, b: i });
          }}
          onPointerMove={(e) => {
            const i = indexAt(e, drag !== null);
            setHover(i);
            if (drag && i !== null && i !== drag.b) setDrag({ ...drag, b: i });
          }}
          onPointerUp={() => {
            if (!drag) return;
            setDrag(null);
            props.onPick(drag.a, drag.b);
          }}
          onLostPointerCapture={() => setDrag(null)}
          onPointerLeave={() => setHover(null)}
        >
          {highlight && (
            <rect
              x={band(highlight.from, box, n).x}
              y={box.top}
              width={band(highlight.to, box, n).x + box.width / n - band(highlight.from, box, n).x}
              height={box.height}
              fill={palette.selection}
            />
          )}
          {paths.map((d, i) => (
            <path
              key={i}
              d={d}
              fill={series.length > 0 ? seriesColour(palette, i) : palette.series[0]}
            />
          ))}
          <line
            x1={box.left}
            x2={box.left + box.width}
            y1={bottom}
            y2={bottom}
            stroke={palette.axis}
          />
          {marks.map((m) => (
            <g
              key={m.key}
              className={`histogram-bookmark ${m.className}`}
              data-testid="histogram-bookmark"
              data-t={m.t}
              style={{ cursor: 'pointer' }}
              // A click opens the mark; it does not start a drag of the range.
              onPointerDown={(e) => e.stopPropagation()}
              onClick={() => props.onMark?.(m.key)}
            >
              <title>{m.title}</title>
              <line x1={m.x} x2={m.x} y1={box.top} y2={bottom} />
              <path d={`M${m.x - 5} 0 h10 l-5 ${box.top + 1} z`} />
              {/* A wider target than the line for the pointer. */}
              <rect x={m.x - 5} y={0} width={10} height={bottom} fill="transparent" stroke="none" />
            </g>
          ))}
          <g fill={palette.text} fontSize={fontSize}>
            {yTicks.map((t) => (
              <text key={t} x={box.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
                {compact.format(t)}
              </text>
            ))}
            {props.ticks.map((t) => {
              const i = rows.findIndex((r) => r.t === t);
              if (i < 0) return null;
              const b = band(i, box, n);
              const x = b.x + b.width / 2;
              // Labels at the ends stay inside the plot rather than being cut by its edge.
              const anchor = x < box.left + 18 ? 'start' : x > size.width - 18 ? 'end' : 'middle';
              return (
                <text key={t} x={x} y={bottom + 4} textAnchor={anchor} dominantBaseline="hanging">
                  {formatTick(t, interval, props.tickStep)}
                </text>
              );
            })}
          </g>
        </svg>
      )}
      {tip && tipBand && (
        <div
          className="histogram-tip"
          data-testid="histogram-tooltip"
          style={
            tipOnLeft
              ? { right: size.width - tipBand.x + 6 }
              : { left: tipBand.x + tipBand.width + 6 }
          }
        >
          <HistogramTooltip row={tip} interval={interval} series={series} palette={palette} />
        </div>
      )}
    </div>
  );
}

/** The colour of the i-th stacked type (the ninth and later share "other"'s). */
export function seriesColour(palette: ChartPalette, i: number): string {
  return i < 8 ? palette.series[i % palette.series.length]! : palette.other;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact' });

function HistogramTooltip(props: {
  row: HistogramRow;
  interval: string;
  series: readonly string[];
  palette: ChartPalette;
}) {
  const { row } = props;
  return (
    <div className="tooltip">
      <div className="tooltip-title">{formatBucket(row.t, props.interval)}</div>
      <div className="tooltip-row">
        <span>events</span>
        <b>{formatCount(row.total)}</b>
      </div>
      {props.series.map((s, i) =>
        row.counts.get(s) ? (
          <div key={s} className="tooltip-row">
            <span>
              <i className="swatch" style={{ background: seriesColour(props.palette, i) }} />
              {s}
            </span>
            <span>{formatCount(row.counts.get(s) ?? 0)}</span>
          </div>
        ) : null,
      )}
      <div className="tooltip-hint">drag across bars to narrow the range</div>
    </div>
  );
}
