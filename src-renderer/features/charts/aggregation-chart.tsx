import { useMemo } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
} from 'recharts';
import type {
  Aggregation,
  AggregationGroup,
  GroupedAggregation,
} from '../../../src-shared/contract/records';
import { formatBucket, formatTick, niceTicks } from '../histogram/time-format';
import { formatCount } from '../query-run/use-timed-query';
import {
  categoryData,
  isGrouped,
  timeData,
  timeKeyOf,
  type CategoryDatum,
  type ChartKind,
  type TimePoint,
} from './chart-model';
import { AggregationTable } from './aggregation-table';
import { useChartPalette, type ChartPalette } from './use-chart-palette';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/**
 * An aggregation result drawn as the user chose: bars for categories, lines or areas for time
 * buckets, a pie for a few groups, or a table. Clicking a bar, point or slice calls `onOpen`
 * with its group. Each chart renders one <svg> root (recharts-surface), so it can be serialised
 * for export as it is on screen.
 */
export function AggregationChart(props: {
  aggregation: Aggregation;
  kind: ChartKind;
  onOpen: (group: AggregationGroup) => void;
}) {
  const palette = useChartPalette();
  const a = props.aggregation;
  if (!isGrouped(a) || props.kind === 'table')
    return <AggregationTable aggregation={a} onOpen={props.onOpen} />;
  if (a.groups.length === 0)
    return <div className="chart-empty">No groups: no events match the query.</div>;
  const time = timeKeyOf(a.groupBy);
  return (
    <div className="chart" data-testid="chart" data-kind={props.kind}>
      {time && props.kind !== 'pie' ? (
        <TimeChart
          a={a}
          kind={props.kind}
          palette={palette}
          onOpen={props.onOpen}
          interval={time.interval}
        />
      ) : props.kind === 'pie' ? (
        <PieView a={a} palette={palette} onOpen={props.onOpen} />
      ) : (
        <CategoryBars a={a} palette={palette} onOpen={props.onOpen} />
      )}
    </div>
  );
}

function valueLabel(a: GroupedAggregation): string {
  const of = a.field ? ` of ${a.field}` : '';
  if (a.type === 'count') return a.distinct ? `distinct${of}` : a.field ? `count${of}` : 'events';
  if (a.type === 'collect') return `values${of}`;
  return `${a.type}${of}`;
}

function CategoryBars(props: {
  a: GroupedAggregation;
  palette: ChartPalette;
  onOpen: (g: AggregationGroup) => void;
}) {
  const data = useMemo(() => categoryData(props.a), [props.a]);
  const { palette } = props;
  // Horizontal bars: category labels stay readable however long they are.
  const height = Math.max(160, data.length * 26 + 40);
  const labelWidth = Math.min(260, Math.max(60, ...data.map((d) => d.label.length * 7)));
  return (
    <div className="chart-scroll">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 48, bottom: 8, left: 8 }}>
          <CartesianGrid horizontal={false} stroke={palette.grid} />
          <XAxis
            type="number"
            tick={{ fill: palette.text, fontSize: 11 }}
            stroke={palette.axis}
            tickFormatter={(n: number) => compact.format(n)}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={labelWidth}
            tick={{ fill: palette.text, fontSize: 12 }}
            stroke={palette.axis}
            interval={0}
          />
          <Tooltip
            cursor={{ fill: palette.selection }}
            isAnimationActive={false}
            content={groupTooltip(props.a)}
          />
          <Bar
            dataKey="value"
            name={valueLabel(props.a)}
            fill={palette.series[0]}
            isAnimationActive={false}
            cursor="pointer"
            onClick={(d) => props.onOpen((d.payload as CategoryDatum).group)}
            shape={(p: BarShapeProps) => (
              <TestableBar {...p} label={(p.payload as CategoryDatum).label} />
            )}
            label={{
              position: 'right',
              fill: palette.text,
              fontSize: 11,
              formatter: (v: unknown) => (typeof v === 'number' ? compact.format(v) : ''),
            }}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A bar that says what it stands for (data-label, data-value): for tests and exports. */
function TestableBar(props: BarShapeProps & { label: string }) {
  const value = Array.isArray(props.value) ? props.value[1] - props.value[0] : props.value;
  return (
    <rect
      x={props.x}
      y={props.y}
      width={Math.max(0, props.width)}
      height={Math.max(0, props.height)}
      fill={props.fill}
      rx={2}
      data-testid="chart-bar"
      data-label={props.label}
      data-value={value}
    />
  );
}

function TimeChart(props: {
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
    margin: { top: 12, right: 16, bottom: 4, left: 4 },
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
      />
      <YAxis
        tick={{ fill: palette.text, fontSize: 11 }}
        stroke={palette.axis}
        tickFormatter={(n: number) => compact.format(n)}
        width={52}
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
      {!single && <Legend wrapperStyle={{ fontSize: 12, color: palette.text }} />}
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

function PieView(props: {
  a: GroupedAggregation;
  palette: ChartPalette;
  onOpen: (g: AggregationGroup) => void;
}) {
  const data = useMemo(() => categoryData(props.a).filter((d) => (d.value ?? 0) > 0), [props.a]);
  const { palette } = props;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <PieChart>
        <Pie
          data={data}
          dataKey="value"
          nameKey="label"
          innerRadius="45%"
          outerRadius="80%"
          paddingAngle={1}
          isAnimationActive={false}
          onClick={(d) => props.onOpen((d.payload as CategoryDatum).group)}
          label={(p: { name?: string; percent?: number }) =>
            `${p.name ?? ''} ${((p.percent ?? 0) * 100).toFixed(1)}%`
          }
          labelLine={false}
          cursor="pointer"
        >
          {data.map((d, i) => (
            <Cell
              key={d.label}
              fill={palette.series[i % palette.series.length]}
              stroke="none"
              data-testid="chart-slice"
              data-label={d.label}
              data-value={d.value ?? ''}
            />
          ))}
        </Pie>
        <Tooltip isAnimationActive={false} content={groupTooltip(props.a)} />
        <Legend wrapperStyle={{ fontSize: 12, color: palette.text }} />
      </PieChart>
    </ResponsiveContainer>
  );
}

/** A Tooltip's content for the bars or slices of `a`: the group under the pointer. */
const groupTooltip =
  (a: GroupedAggregation) =>
  (p: { payload?: readonly { payload?: unknown }[]; active?: boolean }) => (
    <GroupTooltip
      datum={p.payload?.[0]?.payload as CategoryDatum | undefined}
      a={a}
      active={p.active ?? false}
    />
  );

function GroupTooltip(props: {
  datum: CategoryDatum | undefined;
  a: GroupedAggregation;
  active: boolean;
}) {
  const d = props.datum;
  if (!props.active || !d) return null;
  return (
    <div className="tooltip">
      <div className="tooltip-title">{d.label}</div>
      <div className="tooltip-row">
        <span>{valueLabel(props.a)}</span>
        <b>{d.value === null ? '—' : precise.format(d.value)}</b>
      </div>
      {props.a.type !== 'count' && (
        <div className="tooltip-row">
          <span>events</span>
          <span>{formatCount(d.count)}</span>
        </div>
      )}
      <div className="tooltip-hint">click to open these events</div>
    </div>
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
