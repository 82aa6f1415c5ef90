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
import { useUiStore } from './ui-store';
import { EventTable } from '../features/events/event-table';
import { QuickFilter } from '../features/quick-filter/quick-filter';

export function QueryBar() {
  return <QuickFilter />;
}

/** The time histogram strip: nothing yet (the query-builder feature fills it). */
export function HistogramSlot() {
  return null;
}

/** The facets panel: nothing yet (the query-builder feature fills it). */
export function FacetsSlot() {
  return null;
}

/** The chart view of the current query: a placeholder until the query-builder feature lands. */
export function ChartSlot() {
  return (
    <div className="state state-empty" data-testid="chart-placeholder">
      <p className="state-title">Charts of the current query arrive with the query builder.</p>
    </div>
  );
}

export function ViewSwitch() {
  const view = useUiStore((s) => s.view);
  const setView = useUiStore((s) => s.setView);
  return (
    <div className="segmented" role="tablist" aria-label="View">
      {(['results', 'chart'] as const).map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={view === v}
          aria-pressed={view === v}
          data-testid={`view-${v}`}
          onClick={() => setView(v)}
        >
          {v === 'results' ? 'Results' : 'Chart'}
        </button>
      ))}
    </div>
  );
}

export function ResultsView() {
  const view = useUiStore((s) => s.view);
  return view === 'results' ? <EventTable /> : <ChartSlot />;
}
