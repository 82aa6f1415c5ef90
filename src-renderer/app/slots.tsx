/**
 * Mount points for the query-builder feature (issue 6), which replaces these components in place:
 * the layout (app-shell.tsx) keeps their regions stable.
 *
 *   region "query-bar"    QueryBar      above the event table (today: the quick filter)
 *   region "histogram"    HistogramSlot a strip under the query bar (events over time)
 *   region "facets"       FacetsSlot    a panel in the sidebar under the stream tree
 *   region "view-switch"  ViewSwitch    Results | Chart (ui-store `view`)
 *   region "results"      ResultsView   the event table, or ChartSlot when view = 'chart'
 */
import { lazy, Suspense, useDeferredValue } from 'react';
import { useUiStore } from '../state/ui-store';
import { Loading } from '../components/states';
import { EventTable } from '../features/events/event-table';
import { FacetsPanel } from '../features/facets/facets-panel';
import { TimeHistogram } from '../features/histogram/time-histogram';
import { QueryLayerBar } from '../features/query-bar/query-bar';
import { useQueryStore } from '../state/query-store';
import { Segmented } from '../components/segmented';
import { useAnswerView } from '../features/charts/use-answer-view';
import { usePick } from '../state/use-pick';

/** Time range, quick filter, builder + JSON, history, saved queries, copy as. */
export function QueryBar() {
  return <QueryLayerBar />;
}

/**
 * The instance the aggregate panels show, and whether they are a step behind the selection.
 * A click in the tree renders the event table (which asks for its first page) at once; the
 * histogram and facets follow in a background render that yields to everything else: mounting
 * their charts costs more than the table's first rows (issue 5: first rows in 500 ms).
 */
function useDeferredInstance(): { instance: string | null; behind: boolean } {
  const instance = useQueryStore((s) => s.instance);
  const deferred = useDeferredValue(instance);
  return { instance: deferred, behind: deferred !== instance };
}

/** The time histogram strip over the current results; dragging narrows the range. */
export function HistogramSlot() {
  const { instance, behind } = useDeferredInstance();
  if (behind) {
    return (
      <div className="histogram" data-testid="histogram" data-state="waiting" aria-busy="true">
        <div className="histogram-head" />
        <div className="histogram-plot" />
      </div>
    );
  }
  return instance ? <TimeHistogram instanceId={instance} /> : null;
}

/** Facets: the top values of chosen fields under the current query. */
export function FacetsSlot() {
  const { instance, behind } = useDeferredInstance();
  if (behind) return <aside className="facets" data-testid="facets" aria-busy="true" />;
  return instance ? <FacetsPanel instanceId={instance} /> : null;
}

// recharts is a third of the bundle and only the Chart view uses it: loaded when first shown.
const ChartView = lazy(() =>
  import('../features/charts/chart-view').then((m) => ({ default: m.ChartView })),
);

/** The chart of the current aggregation (bars, lines, areas, pie, table). */
export function ChartSlot() {
  return (
    <Suspense fallback={<Loading label="Loading the chart view…" testId="chart-loading" />}>
      <ChartView />
    </Suspense>
  );
}

export function ViewSwitch() {
  const { view, setView } = usePick(useUiStore, 'view', 'setView');
  useAnswerView();
  return (
    <Segmented
      label="View"
      kind="tab"
      options={['results', 'chart'] as const}
      value={view}
      onChange={setView}
      render={(v) => (v === 'results' ? 'Results' : 'Chart')}
      testId={(v) => `view-${v}`}
    />
  );
}

export function ResultsView() {
  const view = useUiStore((s) => s.view);
  return view === 'results' ? <EventTable /> : <ChartSlot />;
}
