import type { EventRecord } from '../../../src-shared/contract/records';
import { RunStatus } from '../query-run/run-status';
import { useCurrentQuery } from '../query-run/use-current-query';
import { useTimedQuery } from '../query-run/use-timed-query';

/**
 * A plain list of the current query's events (first page), for the query layer on its own; in
 * the app the browsing table takes this place.
 */
export function EventsPreview() {
  const { full } = useCurrentQuery();
  const query = full ? { ...full, limit: Math.min(full.limit ?? 50, 50) } : null;
  if (query) delete query.reduce;
  const run = useTimedQuery(query);
  const events = (run.result?.events ?? []) as EventRecord[];
  const total = run.result?.total;
  return (
    <div className="q-events-preview" data-testid="events-preview">
      <div className="q-chart-toolbar">
        <span className="q-muted">Events</span>
        <RunStatus
          run={run}
          testId="events-status"
          summary={
            total === undefined
              ? null
              : `${Math.min(events.length, total).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events`
          }
        />
      </div>
      {run.error ? (
        <div className="q-error" role="alert" data-testid="events-error">
          {run.error.message}
        </div>
      ) : (
        <table className="q-agg-table" data-testid="events-table">
          <thead>
            <tr>
              <th>timestamp</th>
              <th>stream</th>
              <th>type</th>
              <th>payload</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={e.id ?? i} data-testid="event-row">
                <td>{e.timestamp ?? ''}</td>
                <td>{e.stream_id ?? ''}</td>
                <td>{e.event_type ?? ''}</td>
                <td className="q-muted">{JSON.stringify(e.payload ?? e).slice(0, 160)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
