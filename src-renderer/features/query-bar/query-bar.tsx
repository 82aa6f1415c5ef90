import { lazy, Suspense, useState } from 'react';
import { useOperation } from '../../client/use-operation';
import { useQueryStore } from '../../state/query-store';
import { usePick } from '../../state/use-pick';
import { useUiStore } from '../../state/ui-store';
import { DrillNotice } from '../charts/drill-notice';
import { CopyAsMenu } from '../copy-as/copy-as-menu';
import { ExportButton } from '../export/export-button';
import { displayQuery } from '../query-json/query-text';
import { useCurrentQuery } from '../query-run/use-current-query';
import { useQueryActivity } from '../query-run/use-query-activity';
import { formatDuration } from '../query-run/use-timed-query';
import { useLiveAnchor, useRecordHistory, useRunNow } from '../query-run/use-run-actions';
import { QuickFilter } from '../quick-filter/quick-filter';
import { HistoryPanel } from '../saved-queries/history-panel';
import { SavedQueriesPanel } from '../saved-queries/saved-queries-panel';
import { TimeRangePicker } from '../time-range/time-range-picker';
import { Loading } from '../../components/states';
import './query-bar.css';
import { ToolButton } from '../../components/tool-button';
import { Splitter } from '../../components/splitter';
import {
  defaultBuilderHeight,
  maxBuilderHeight,
  minBuilderHeight,
  storeBuilderHeight,
  storedBuilderHeight,
} from './builder-height';

// The builder and its JSON editor (CodeMirror) open on demand: loaded when first opened.
const QueryPanel = lazy(() => import('./query-panel').then((m) => ({ default: m.QueryPanel })));

/**
 * The query bar (region "query-bar"): time range, run, the quick filter, the builder toggle,
 * history, saved queries and "copy as"; under it, when open, the builder and the DSL JSON.
 */
export function QueryLayerBar() {
  const instance = useQueryStore((s) => s.instance);
  const instances = useOperation('listInstances', {}).data?.instances ?? [];
  const { full } = useCurrentQuery();
  const { builderOpen, setBuilderOpen } = usePick(useUiStore, 'builderOpen', 'setBuilderOpen');
  const [height, setHeight] = useState(
    () => storedBuilderHeight() ?? defaultBuilderHeight(window.innerHeight),
  );
  const resize = (px: number) => {
    setHeight(px);
    storeBuilderHeight(px);
  };
  useLiveAnchor();
  useRecordHistory(instances, null);
  const tools = (
    <>
      <ToolButton
        icon="builder"
        label="Builder"
        on={builderOpen}
        aria-expanded={builderOpen}
        aria-label="Builder"
        data-testid="toggle-builder"
        disabled={instance === null}
        title="The visual query builder and the DSL as JSON"
        onClick={() => setBuilderOpen(!builderOpen)}
      />
      <HistoryPanel instances={instances} />
      <SavedQueriesPanel instances={instances} />
      <CopyAsMenu query={full ? displayQuery(full, instances) : null} />
      <ExportButton disabled={!full} />
    </>
  );
  return (
    <div className="query-layer" data-testid="query-layer">
      {/* The time range and Run, beside the app's Results/Chart switch; then, the whole width,
        the search box on one line (its chips collapse to +N) and the tools (query-bar.css).
        With the builder open, which shows every condition, the tools join the first line. */}
      <div className="query-toolbar query-toolbar-first" data-testid="query-bar">
        <TimeRangePicker />
        <RunControl instance={instance} />
        {builderOpen && (
          <>
            <span className="toolbar-spacer" />
            {tools}
          </>
        )}
      </div>
      {!builderOpen && (
        <div className="query-toolbar query-toolbar-second">
          <QuickFilter />
          {tools}
        </div>
      )}
      <DrillNotice />
      {builderOpen && instance && (
        <Suspense
          fallback={<Loading label="Loading the query builder…" testId="builder-loading" />}
        >
          <QueryPanel
            instanceId={instance}
            instances={instances}
            height={Math.min(height, maxBuilderHeight(window.innerHeight))}
          />
          <Splitter
            label="Resize the builder"
            controls="query-panel"
            testId="builder-splitter"
            value={height}
            min={minBuilderHeight}
            max={maxBuilderHeight(window.innerHeight)}
            onChange={resize}
          />
        </Suspense>
      )}
    </div>
  );
}

/**
 * Run, or while a run is long its progress and Cancel. Its own component: the clock ticks ten
 * times a second, and only this re-renders (not the builder, which may hold hundreds of
 * conditions).
 */
function RunControl({ instance }: { instance: string | null }) {
  const runNow = useRunNow();
  const activity = useQueryActivity();
  const progressText = `Running ${formatDuration(activity.elapsedMs)}: ${activity.done} of ${activity.started} parts answered`;
  return (
    <>
      {/* Quick runs keep the Run button (no flicker); a long one turns it into its progress
        and a Cancel for every part of the query. */}
      {activity.running && activity.elapsedMs >= 300 ? (
        <ToolButton
          className="run-cancel run-button"
          data-testid="cancel-query"
          title={`${progressText}. Click to cancel: the engine stops its work.`}
          onClick={activity.cancel}
        >
          <span className="spinner spinner-small" aria-hidden="true" />
          {/* Whole seconds only, so it is no wider than Run and the bar keeps its lines while
            a query runs; the title and the live region say the parts. */}
          <span className="run-progress">
            {activity.elapsedMs < 60_000
              ? `${Math.max(1, Math.round(activity.elapsedMs / 1000))} s`
              : formatDuration(activity.elapsedMs)}
          </span>
        </ToolButton>
      ) : (
        <ToolButton
          icon="play"
          iconSize={11}
          label="Run"
          className={`button-primary run-button ${activity.cancelled ? 'run-was-cancelled' : ''}`}
          data-testid="run"
          title={
            activity.cancelled
              ? `Cancelled after ${formatDuration(activity.elapsedMs)}. Run again.`
              : 'Run again (relative ranges move to now)'
          }
          disabled={instance === null}
          onClick={runNow}
        />
      )}
      {/* For screen readers (and tests); the button above shows the same at a glance. */}
      <div
        className="visually-hidden"
        data-testid="query-activity"
        data-state={activity.running ? 'running' : activity.cancelled ? 'cancelled' : 'idle'}
        aria-live="polite"
      >
        {activity.running
          ? progressText
          : activity.cancelled
            ? `Cancelled after ${formatDuration(activity.elapsedMs)}.`
            : ''}
      </div>
    </>
  );
}
