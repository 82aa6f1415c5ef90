import type { Instance } from '../../../src-shared/contract/records';
import { CopyAsMenu } from '../copy-as/copy-as-menu';
import { useRunNow } from '../query-run/use-run-actions';
import { useCurrentQuery } from '../query-run/use-current-query';
import { HistoryPanel } from '../saved-queries/history-panel';
import { SavedQueriesPanel } from '../saved-queries/saved-queries-panel';
import { displayQuery } from '../query-json/query-text';
import { TimeRangePicker } from '../time-range/time-range-picker';
import { describeDocument } from '../saved-queries/describe-document';
import { documentOf } from '../saved-queries/query-document';

/**
 * The strip above the results: time range, run, the builder toggle with a one-line summary of
 * the query, history, saved queries and "copy as".
 */
export function QueryBar(props: {
  instances: readonly Instance[];
  builderOpen: boolean;
  onToggleBuilder: () => void;
  dbPath?: string;
}) {
  const { full, parts } = useCurrentQuery();
  const runNow = useRunNow();
  const doc = documentOf(parts, props.instances);
  return (
    <div className="q-bar" data-testid="query-bar">
      <TimeRangePicker />
      <button
        type="button"
        className="q-button q-primary"
        data-testid="run"
        title="Run again (relative ranges move to now)"
        onClick={runNow}
      >
        Run
      </button>
      <button
        type="button"
        className={`q-button q-builder-toggle ${props.builderOpen ? 'q-on' : ''}`}
        aria-expanded={props.builderOpen}
        data-testid="toggle-builder"
        onClick={props.onToggleBuilder}
      >
        Query
      </button>
      <span
        className="q-bar-summary q-muted"
        data-testid="query-summary"
        title={doc ? describeDocument(doc) : ''}
      >
        {doc ? describeDocument(doc) : 'Choose an instance'}
      </span>
      <span className="q-bar-end">
        <HistoryPanel instances={props.instances} />
        <SavedQueriesPanel instances={props.instances} />
        <CopyAsMenu
          query={full ? displayQuery(full, props.instances) : null}
          {...(props.dbPath ? { dbPath: props.dbPath } : {})}
        />
      </span>
    </div>
  );
}
