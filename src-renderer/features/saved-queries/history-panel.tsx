import { Popover } from 'radix-ui';
import { useState } from 'react';
import type { Instance } from '../../../src-shared/contract/records';
import { useQueryStore } from '../../state/query-store';
import { useRunStore } from '../../state/run-store';
import { formatCount, formatDuration } from '../query-run/use-timed-query';
import { describeDocument } from './describe-document';
import { openDocument } from './query-document';
import { QIcon } from '../query-ui/icons';
import { useHistory } from './use-history';

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
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // "5m ago" is counted from when the list was opened.
  const [now, setNow] = useState(0);
  return (
    <Popover.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setError(null);
        if (o) setNow(Date.now());
      }}
    >
      <Popover.Trigger
        className="q-trigger"
        data-testid="history"
        aria-label="History"
        title="Recent queries"
      >
        <QIcon name="history" />
        <span className="q-label">History</span>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          className="q-popover q-history"
          align="end"
          sideOffset={4}
          data-testid="history-panel"
        >
          <div className="q-row q-spread">
            <span className="q-panel-title">Recent queries</span>
            <span className="q-muted">kept in this browser profile</span>
          </div>
          {error && <div className="q-error">{error}</div>}
          <ul className="q-saved-list" data-testid="history-list">
            {entries.map((e, i) => (
              <li key={`${e.at}-${i}`} className="q-saved-item" data-testid="history-item">
                <button
                  type="button"
                  className="q-saved-open"
                  onClick={() => {
                    const r = openDocument(e.doc, store, props.instances);
                    if (!r.ok) return setError(r.message);
                    if (r.parts.instance !== store.instance) store.setInstance(r.parts.instance);
                    store.setParts(r.parts);
                    bump();
                    setOpen(false);
                  }}
                >
                  <span className="q-saved-desc">{describeDocument(e.doc)}</span>
                  <span className="q-muted q-history-meta">
                    {ago(e.at, now)}
                    {e.total !== undefined && ` · ${formatCount(e.total)} events`}
                    {e.tookMs !== undefined && ` · ${formatDuration(e.tookMs)}`}
                  </span>
                </button>
              </li>
            ))}
            {entries.length === 0 && <li className="q-muted">Queries you run appear here.</li>}
          </ul>
          {entries.length > 0 && (
            <button type="button" className="q-link-button" onClick={clear}>
              Clear history
            </button>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
