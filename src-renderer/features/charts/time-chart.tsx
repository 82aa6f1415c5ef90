import { useMemo } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
} from 'recharts';
import type { AggregationGroup, GroupedAggregation } from '../../../src-shared/contract/records';
import { formatBucket, formatTick, niceTicks } from '../histogram/time-format';
import { timeData, valueLabel, type ChartKind, type TimePoint } from './chart-model';
import { axisTitle, compact, precise, TestableBar } from './chart-parts';
import type { ChartPalette } from './use-chart-palette';

/** Time buckets as bars, lines or areas, one series per group of the other keys. */
export function TimeChart(props: {
  a: GroupedAggregation;
  kind: ChartKind;
  interval: string;
  palette: ChartPalette;
  onOpen: (g: AggregationGroup) => void;
}) {
  const { a, palette, interval } = props;
  const data = useMemo(() => timeData(a), [a]);
  const ticks = useMemo(
    () =>
      niceTicks(
        data.points.map((p) => p.t),
        interval,
      ),
    [data, interval],
  );
  const tickStep = ticks.length >= 2 ? ticks[1]! - ticks[0]! : undefined;
  const single = data.series.length === 1;
  // Stacking adds series up: right for counts and sums, wrong for averages, minima, maxima.
  const additive = a.type === 'count' || a.type === 'sum';
  // Dots help with few points; with many they are noise, but stay as (invisible) click targets.
  const showDots = data.points.length <= 60;
  const color = (i: number) => palette.series[i % palette.series.length]!;
  const openAt = (point: TimePoint | undefined, series: string) => {
    const g = point?.groups.get(series);
    if (g) props.onOpen(g);
  };
  const common = {
    data: data.points,
    margin: { top: 12, right: 16, bottom: 18, left: 8 },
  };
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke={palette.grid} />
      <XAxis
        dataKey="t"
        ticks={ticks}
        interval={0}
        tickFormatter={(t: number) => formatTick(t, interval, tickStep)}
        tick={{ fill: palette.text, fontSize: 11 }}
        stroke={palette.axis}
        label={{
          value: `time (per ${interval})`,
          position: 'insideBottom',
          offset: -14,
          ...axisTitle(palette),
        }}
      />
      <YAxis
        tick={{ fill: palette.text, fontSize: 11 }}
        stroke={palette.axis}
        tickFormatter={(n: number) => compact.format(n)}
        width={66}
        label={{ value: valueLabel(a), angle: -90, position: 'insideLeft', ...axisTitle(palette) }}
      />
      <Tooltip
        isAnimationActive={false}
        content={(p) => (
          <TimeTooltip
            active={p.active ?? false}
            point={p.payload?.[0]?.payload as TimePoint | undefined}
            series={data.series}
            interval={interval}
            colors={data.series.map((_, i) => color(i))}
          />
        )}
      />
      {!single && (
        <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, color: palette.text }} />
      )}
    </>
  );
  const name = (s: string) => (single && s === '' ? valueLabel(a) : s || '(none)');
  const dot =
    (s: string, i: number) =>
    (p: { cx?: number; cy?: number; payload?: TimePoint; index?: number }) => {
      const g = p.payload?.groups.get(s);
      if (p.cx === undefined || p.cy === undefined || !g || data.points.length > 240)
        return <g key={`${s}-${p.index}`} />;
      return (
        <circle
          key={`${s}-${p.index}`}
          cx={p.cx}
          cy={p.cy}
          r={2.5}
          fill={color(i)}
          fillOpacity={showDots ? 1 : 0}
          data-testid="chart-point"
          data-series={s}
          data-t={p.payload?.t}
          data-value={p.payload?.values.get(s) ?? ''}
          style={{ cursor: 'pointer' }}
          onClick={() => openAt(p.payload, s)}
        />
      );
    };
  const activeDot =
    (s: string, i: number) => (p: { cx?: number; cy?: number; payload?: TimePoint }) =>
      p.cx === undefined || p.cy === undefined ? (
        <g />
      ) : (
        <circle
          cx={p.cx}
          cy={p.cy}
          r={5}
          fill={color(i)}
          stroke={palette.grid}
          style={{ cursor: 'pointer' }}
          onClick={() => openAt(p.payload, s)}
        />
      );
  // What a line and an area of one series share: its values, its name, colour and points.
  const lineProps = (s: string, i: number) => ({
    type: 'linear' as const,
    dataKey: (p: TimePoint) => p.values.get(s),
    name: name(s),
    stroke: color(i),
    connectNulls: false,
    isAnimationActive: false,
    dot: dot(s, i),
    activeDot: activeDot(s, i),
  });
  return (
    <ResponsiveContainer width="100%" height="100%">
      {props.kind === 'bar' ? (
        <BarChart {...common}>
          {axes}
          {data.series.map((s, i) => (
            <Bar
              key={s}
              dataKey={(p: TimePoint) => p.values.get(s) ?? 0}
              name={name(s)}
              {...(additive ? { stackId: 'series' } : {})}
              fill={color(i)}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(d) => openAt(d.payload as TimePoint, s)}
              shape={(p: BarShapeProps) => (
                <TestableBar {...p} label={`${(p.payload as TimePoint).t}${s ? ` ${s}` : ''}`} />
              )}
            />
          ))}
        </BarChart>
      ) : props.kind === 'area' ? (
        <AreaChart {...common}>
          {axes}
          {data.series.map((s, i) => (
            <Area
              key={s}
              {...lineProps(s, i)}
              {...(additive ? { stackId: 'series' } : {})}
              fill={color(i)}
              fillOpacity={0.25}
            />
          ))}
        </AreaChart>
      ) : (
        <LineChart {...common}>
          {axes}
          {data.series.map((s, i) => (
            <Line key={s} {...lineProps(s, i)} strokeWidth={1.75} />
          ))}
        </LineChart>
      )}
    </ResponsiveContainer>
  );
}

function TimeTooltip(props: {
  active: boolean;
  point: TimePoint | undefined;
  series: string[];
  interval: string;
  colors: string[];
}) {
  const p = props.point;
  if (!props.active || !p) return null;
  return (
    <div className="tooltip">
      <div className="tooltip-title">{formatBucket(p.t, props.interval)}</div>
      {props.series.map((s, i) => (
        <div key={s} className="tooltip-row">
          <span>
            <i className="swatch" style={{ background: props.colors[i] }} />
            {s || 'value'}
          </span>
          <b>
            {p.values.get(s) === null || p.values.get(s) === undefined
              ? '—'
              : precise.format(p.values.get(s)!)}
          </b>
        </div>
      ))}
      <div className="tooltip-hint">click a point to open its events</div>
    </div>
  );
}
