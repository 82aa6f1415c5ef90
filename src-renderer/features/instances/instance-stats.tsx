import { useUiStore } from '../../state/ui-store';
import { useOperation } from '../../client/use-operation';
import { ErrorState, Loading } from '../../components/states';
import { formatBytes, formatCount, formatTime } from '../events/format';

/** getInstanceStats as a panel: counts, event types with counts, time span, size on disk. */
export function InstanceStats({ instanceId }: { instanceId: string }) {
  const stats = useOperation('getInstanceStats', { instanceId });
  const timeZone = useUiStore((s) => s.timeZone);
  if (stats.isPending) return <Loading label="Loading statistics…" />;
  if (stats.error)
    return (
      <ErrorState
        what="The statistics could not be read."
        error={stats.error}
        testId="stats-error"
      />
    );
  const s = stats.data;
  const max = Math.max(1, ...s.eventTypes.map((t) => t.count));
  const time = (iso: string | null) => (iso ? formatTime(Date.parse(iso), timeZone) : '—');
  return (
    <div className="stats" data-testid="instance-stats">
      <h2 className="pane-title">{s.name}</h2>
      {s.description && <p className="muted stats-description">{s.description}</p>}
      <dl className="figures">
        <CountFigure term="Events" testId="stats-events" count={s.eventCount} />
        <CountFigure term="Streams" testId="stats-streams" count={s.streamCount} />
        <dt>Event types</dt>
        <dd>{formatCount(s.eventTypes.length)}</dd>
        <dt>First event</dt>
        <dd className="mono" data-testid="stats-first">
          {time(s.firstEventAt)}
        </dd>
        <dt>Last event</dt>
        <dd className="mono" data-testid="stats-last">
          {time(s.lastEventAt)}
        </dd>
        {/* Instances share one file: its size is not this instance's, and says so. */}
        <dt>Database file</dt>
        <dd
          title="The database file with its WAL, shared by every instance"
          data-testid="stats-size"
        >
          {formatBytes(s.databaseSizeBytes)} <span className="muted">(all instances)</span>
        </dd>
        <dt>Created</dt>
        <dd className="mono">{time(s.createdAt)}</dd>
      </dl>
      <h3 className="pane-subtitle">Event types</h3>
      {s.eventTypes.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <ul className="type-bars" data-testid="stats-types">
          {s.eventTypes.map((t) => (
            <li key={t.eventType} data-type={t.eventType} data-count={t.count}>
              <span className="type-name mono" title={t.eventType}>
                {t.eventType}
              </span>
              <span className="type-bar">
                <span style={{ width: `${(t.count / max) * 100}%` }} />
              </span>
              <span className="type-count">{formatCount(t.count)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A term of the figures and its count, the exact number in `data-value` (for the tests). */
function CountFigure(props: { term: string; testId: string; count: number }) {
  return (
    <>
      <dt>{props.term}</dt>
      <dd data-testid={props.testId} data-value={props.count}>
        {formatCount(props.count)}
      </dd>
    </>
  );
}
