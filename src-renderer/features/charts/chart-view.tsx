import { useRef } from 'react';
import { queryLimits } from '../../../src-shared/contract/limits';
import type { AggregationGroup } from '../../../src-shared/contract/records';
import { useUiStore } from '../../state/ui-store';
import { useOperation } from '../../client/use-operation';
import { useQueryStore } from '../../state/query-store';
import { ChartExportMenu } from '../export/chart-export-menu';
import { displayQuery } from '../query-json/query-text';
import { useRunStore } from '../../state/run-store';
import { RunStatus } from '../query-run/run-status';
import { useCurrentQuery } from '../query-run/use-current-query';
import { useTimedQuery } from '../query-run/use-timed-query';
import { AnalysisIndexWait } from '../analysis-index/analysis-index-status';
import { pickInterval } from '../histogram/buckets';
import { useHistogramDomain } from '../histogram/time-histogram';
import { AggregationChart } from './aggregation-chart';
import { AggregationTable } from './aggregation-table';
import {
  chartKindsFor,
  chartTitle,
  drilldown,
  isGrouped,
  maxPieSlices,
  minPieSlices,
  timeKeyOf,
  type ChartKind,
} from './chart-model';
import { useViewStore } from './view-store';
import './charts.css';
import { ToolButton } from '../../components/tool-button';
import { Segmented } from '../../components/segmented';

const kindLabels: Record<ChartKind, string> = {
  bar: 'Bars',
  line: 'Lines',
  area: 'Areas',
  pie: 'Pie',
  table: 'Table',
};

/** The aggregation's answer: a chart the user can switch, with the run's time and "N of M". */
export function ChartView() {
  const { full, parts } = useCurrentQuery();
  const store = useQueryStore();
  const bump = useRunStore((s) => s.bump);
  const view = useViewStore();
  const body = useRef<HTMLDivElement>(null);
  const instances = useOperation('listInstances', {}).data?.instances ?? [];
  const setView = useUiStore((s) => s.setView);
  const setBuilderOpen = useUiStore((s) => s.setBuilderOpen);
  const query =
    full && parts.reduce ? { ...full, limit: full.limit ?? queryLimits.defaultLimit } : null;
  const run = useTimedQuery(query);
  const agg = run.result?.aggregation;
  const kinds = agg ? chartKindsFor(agg) : [];
  const kind =
    view.chartKind && kinds.includes(view.chartKind) ? view.chartKind : (kinds[0] ?? 'table');
  // "Count over time" cuts the span the histogram shows into as many buckets as one answer
  // holds: a fixed hour gave two years of S3 logs 286 groups, of which the chart drew 100.
  const domain = useHistogramDomain(store.instance);
  const overTime = domain ? pickInterval(domain.to - domain.from, queryLimits.defaultLimit) : '1h';

  if (!parts.reduce) {
    return (
      <div className="chart-empty" data-testid="chart-empty">
        <p>
          Charts show aggregations (counts, sums, averages, percentiles…) by any field. Build one in
          the{' '}
          <button
            type="button"
            className="link-button link-inline"
            data-testid="chart-open-builder"
            onClick={() => setBuilderOpen(true)}
          >
            query builder
          </button>
          , or start from:
        </p>
        <div className="row">
          <ToolButton
            data-testid="quick-count-by-type"
            onClick={() => store.setReduce({ type: 'count', groupBy: ['event_type'] })}
          >
            Count by event type
          </ToolButton>
          <ToolButton
            data-testid="quick-count-over-time"
            onClick={() =>
              store.setReduce({
                type: 'count',
                groupBy: [{ field: 'timestamp', interval: overTime }],
              })
            }
          >
            Count over time
          </ToolButton>
        </div>
      </div>
    );
  }

  const open = (group: AggregationGroup) => {
    if (!agg || !isGrouped(agg)) return;
    const d = drilldown(agg, group);
    view.setBack(parts);
    store.setParts({
      where: [...parts.where, ...d.where],
      reduce: null,
      ...(d.timeRange ? { timeRange: { kind: 'absolute' as const, ...d.timeRange } } : {}),
    });
    bump();
    setView('results');
  };

  const grouped = agg && isGrouped(agg) ? agg : null;
  // The kinds on offer; a pie that does not fit this result is shown disabled, with the rule.
  const shownKinds: ChartKind[] =
    grouped && !timeKeyOf(grouped.groupBy) && !kinds.includes('pie')
      ? [...kinds.slice(0, 1), 'pie', ...kinds.slice(1)]
      : kinds;
  const pieRule = grouped
    ? `A pie shows ${minPieSlices} to ${maxPieSlices} groups; this result has ${grouped.groups.length.toLocaleString('en-US')}. Bars compare them better.`
    : undefined;
  const instanceName = full ? displayQuery(full, instances).from.instance : null;
  // An aggregation's answer always carries its total (only pages may leave it out).
  const events = `${(run.result?.total ?? 0).toLocaleString('en-US')} events`;
  const summary = run.result
    ? grouped
      ? `${grouped.groups.length.toLocaleString('en-US')} of ${grouped.groupCount.toLocaleString('en-US')} groups · ${events}`
      : events
    : null;
  return (
    <div className="chart-view" data-testid="chart-view">
      <div className="chart-toolbar">
        <Segmented
          label="chart type"
          kind="radio"
          className="segmented-quiet"
          options={shownKinds}
          value={kind}
          onChange={view.setChartKind}
          render={(k) => kindLabels[k]}
          testId={(k) => `chart-kind-${k}`}
          disabled={(k) => !kinds.includes(k)}
          title={(k) => (kinds.includes(k) ? undefined : pieRule)}
        />
        <div className="row">
          <RunStatus run={run} summary={summary} />
          <ChartExportMenu
            target={body}
            aggregation={agg}
            subtitle={[instanceName, summary].filter(Boolean).join(' · ')}
            disabled={!grouped || kind === 'table' || grouped.groups.length === 0}
          />
        </div>
      </div>
      {grouped && grouped.groupCount > grouped.groups.length && (
        <div className="hint" data-testid="groups-truncated">
          Showing the first {grouped.groups.length.toLocaleString('en-US')} groups; raise the limit
          in the builder to see more.
        </div>
      )}
      <div className="chart-body" ref={body}>
        {run.error ? (
          <div
            className="text-error"
            role="alert"
            data-testid="chart-error"
            data-code={run.error.code}
          >
            {run.error.message}
          </div>
        ) : agg ? (
          <>
            {grouped && (
              <h2 className="chart-title" data-testid="chart-title">
                {chartTitle(grouped)}
              </h2>
            )}
            <AggregationChart aggregation={agg} kind={kind} onOpen={open} />
            {/* The groups as a table under their chart: exact values, a row opens its events. */}
            {grouped && kind !== 'table' && grouped.groups.length > 0 && (
              <section className="chart-groups" aria-label="groups" data-testid="chart-groups">
                <AggregationTable aggregation={agg} onOpen={open} />
              </section>
            )}
          </>
        ) : (
          <div className="chart-empty">
            {run.cancelled ? (
              'Cancelled.'
            ) : (
              <>
                Running…
                <AnalysisIndexWait instanceId={full?.from.instance} />
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
