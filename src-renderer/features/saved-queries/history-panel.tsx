import { useState } from 'react';
import type { Instance } from '../../../src-shared/contract/records';
import { useQueryStore } from '../../state/query-store';
import { useRunStore } from '../../state/run-store';
import { formatCount, formatDuration } from '../query-run/use-timed-query';
import { describeDocument } from './describe-document';
import { openDocument } from './query-document';
import { Popover, usePopoverState } from '../../components/popover';
import { useHistory } from './use-history';
import './saved-queries.css';
import { ToolButton } from '../../components/tool-button';

function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

/** The automatic, local history of queries: newest first, a click opens one again. */
export function HistoryPanel(props: { instances: readonly Instance[] }) {
  const { entries, clear } = useHistory();
  const store = useQueryStore();
  const bump = useRunStore((s) => s.bump);
  const [error, setError] = useState<string | null>(null);
  // "5m ago" is counted from when the list was opened.
  const [now, setNow] = useState(0);
  const { open, setOpen, onOpenChange } = usePopoverState((o) => {
    setError(null);
    if (o) setNow(Date.now());
  });
  return (
    <Popover
      open={open}
      onOpenChange={onOpenChange}
      align="end"
      className="history-panel"
      testId="history-panel"
      trigger={
        <ToolButton
          data-testid="history"
          aria-label="History"
          title="Recent queries"
          icon="history"
          label="History"
        />
      }
    >
      <div className="row spread">
        <span className="panel-title">Recent queries</span>
        <span className="muted">kept in this browser profile</span>
      </div>
      {error && <div className="text-error">{error}</div>}
      <ul className="saved-list" data-testid="history-list">
        {entries.map((e, i) => (
          <li key={`${e.at}-${i}`} className="list-row" data-testid="history-item">
            <button
              type="button"
              className="list-row-open saved-open"
              onClick={() => {
                const r = openDocument(e.doc, store, props.instances);
                if (!r.ok) return setError(r.message);
                if (r.parts.instance !== store.instance) store.setInstance(r.parts.instance);
                store.setParts(r.parts);
                bump();
                setOpen(false);
              }}
            >
              <span className="saved-desc">{describeDocument(e.doc)}</span>
              <span className="muted history-meta">
                {ago(e.at, now)}
                {e.total !== undefined && ` · ${formatCount(e.total)} events`}
                {e.tookMs !== undefined && ` · ${formatDuration(e.tookMs)}`}
              </span>
            </button>
          </li>
        ))}
        {entries.length === 0 && <li className="muted">Queries you run appear here.</li>}
      </ul>
      {entries.length > 0 && (
        <button type="button" className="link-button" onClick={clear}>
          Clear history
        </button>
      )}
    </Popover>
  );
}
