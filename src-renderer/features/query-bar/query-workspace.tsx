import { useState, type ReactNode } from 'react';
import '../query-ui/query-ui.css';
import { useOperation } from '../../app/use-operation';
import { ChartView } from '../charts/chart-view';
import { useViewStore } from '../charts/view-store';
import { FacetsPanel } from '../facets/facets-panel';
import { TimeHistogram, useHistogramDomain } from '../histogram/time-histogram';
import { useLiveAnchor, useRecordHistory } from '../query-run/use-run-actions';
import { useQueryStore } from '../../state/query-store';
import { useRunStore } from '../query-run/run-store';
import { QueryBar } from './query-bar';
import { QueryPanel } from './query-panel';

/**
 * The query layer around the results: the query bar, the builder + JSON panel, the time
 * histogram, facets, and the switch between the events (`events`, the browsing table) and the
 * chart of the aggregation.
 */
export function QueryWorkspace(props: { instanceId: string; events: ReactNode; dbPath?: string }) {
  const instances = useOperation('listInstances', {}).data?.instances ?? [];
  const [builderOpen, setBuilderOpen] = useState(true);
  const view = useViewStore();
  const reduce = useQueryStore((s) => s.reduce);
  const setParts = useQueryStore((s) => s.setParts);
  const bump = useRunStore((s) => s.bump);
  const domain = useHistogramDomain(props.instanceId);
  useLiveAnchor();
  useRecordHistory(instances, null);
  const shown =
    view.view === 'chart' || (reduce !== null && view.view !== 'events') ? 'chart' : 'events';
  return (
    <div className="q-workspace" data-testid="query-workspace">
      <QueryBar
        instances={instances}
        builderOpen={builderOpen}
        onToggleBuilder={() => setBuilderOpen((o) => !o)}
        {...(props.dbPath ? { dbPath: props.dbPath } : {})}
      />
      {builderOpen && (
        <QueryPanel
          instanceId={props.instanceId}
          instances={instances}
          spanMs={domain ? domain.to - domain.from : 86_400_000}
        />
      )}
      <TimeHistogram instanceId={props.instanceId} />
      <div className="q-results">
        <FacetsPanel instanceId={props.instanceId} />
        <div className="q-results-main">
          <div className="q-view-switch" role="tablist" aria-label="results view">
            <button
              type="button"
              role="tab"
              aria-selected={shown === 'events'}
              className={shown === 'events' ? 'q-on' : ''}
              data-testid="view-events"
              onClick={() => view.setView('events')}
            >
              Events
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={shown === 'chart'}
              className={shown === 'chart' ? 'q-on' : ''}
              data-testid="view-chart"
              onClick={() => view.setView('chart')}
            >
              Chart
            </button>
            {view.back && (
              <button
                type="button"
                className="q-link-button"
                data-testid="drill-back"
                onClick={() => {
                  const back = view.back!;
                  view.setBack(null);
                  setParts(back);
                  bump();
                  view.setView('chart');
                }}
              >
                ← back to the chart
              </button>
            )}
          </div>
          <div className="q-results-body">{shown === 'chart' ? <ChartView /> : props.events}</div>
        </div>
      </div>
    </div>
  );
}
