import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
  type YAxisTickContentProps,
} from 'recharts';
import { groupKeyName } from '../../../src-shared/contract/query';
import type {
  Aggregation,
  AggregationGroup,
  GroupedAggregation,
} from '../../../src-shared/contract/records';
import { formatCount } from '../query-run/use-timed-query';
import {
  categoryData,
  isGrouped,
  timeKeyOf,
  valueLabel,
  type CategoryDatum,
  type ChartKind,
} from './chart-model';
import { AggregationTable } from './aggregation-table';
import { axisTitle, compact, measureLabel, precise, TestableBar } from './chart-parts';
import { labelAxis } from './label-fit';
import { TimeChart } from './time-chart';
import { useChartPalette, type ChartPalette } from './use-chart-palette';

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

function CategoryBars(props: {
  a: GroupedAggregation;
  palette: ChartPalette;
  onOpen: (g: AggregationGroup) => void;
}) {
  const data = useMemo(() => categoryData(props.a), [props.a]);
  const { palette } = props;
  // Horizontal bars: category labels stay readable however long they are. The axis is as wide
  // as the longest label (up to 320 px, and 18 px more for its rotated title); longer ones are
  // cut with "…" and keep their full text as a tooltip.
  const height = Math.max(160, data.length * 26 + 60);
  const axis = useMemo(
    () =>
      labelAxis(
        data.map((d) => d.label),
        measureLabel(),
        { max: 320, pad: 30, min: 60 },
      ),
    [data],
  );
  const keyName = props.a.groupBy.map(groupKeyName).join(' · ');
  return (
    <div className="chart-scroll">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 48, bottom: 20, left: 8 }}>
          <CartesianGrid horizontal={false} stroke={palette.grid} />
          <XAxis
            type="number"
            tick={{ fill: palette.text, fontSize: 11 }}
            stroke={palette.axis}
            tickFormatter={(n: number) => compact.format(n)}
            label={{
              value: valueLabel(props.a),
              position: 'insideBottom',
              offset: -14,
              ...axisTitle(palette),
            }}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={axis.width}
            tick={(p: YAxisTickContentProps) => (
              <CategoryTick
                x={Number(p.x)}
                y={Number(p.y)}
                label={String(p.payload.value)}
                text={axis.fit(String(p.payload.value))}
                palette={palette}
              />
            )}
            stroke={palette.axis}
            interval={0}
            label={{
              value: keyName,
              angle: -90,
              position: 'insideLeft',
              ...axisTitle(palette),
            }}
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

/** A category label, cut to the axis's room; the full label is its tooltip (<title>). */
function CategoryTick(props: {
  x: number;
  y: number;
  label: string;
  text: string;
  palette: ChartPalette;
}) {
  return (
    <text
      x={props.x - 6}
      y={props.y}
      dy="0.35em"
      textAnchor="end"
      fill={props.palette.text}
      fontSize={12}
      data-testid="chart-label"
      data-label={props.label}
    >
      {/* The whole label as a tooltip only where it was cut: a <title> is part of the text's
          textContent, which an exported SVG's readers take as the label. */}
      {props.text !== props.label && <title>{props.label}</title>}
      {props.text}
    </text>
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
