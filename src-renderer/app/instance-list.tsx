import type { Instance } from '../../src-shared/contract/records';
import { useOperation } from './use-operation';

function EventCount({ instance }: { instance: Instance }) {
  const stats = useOperation('getInstanceStats', { instanceId: instance.id });
  if (stats.isPending) return <span className="muted">…</span>;
  if (stats.error) return <span className="error">{stats.error.message}</span>;
  const n = stats.data.eventCount;
  return (
    <span data-testid="event-count" data-count={n}>
      {n.toLocaleString()} {n === 1 ? 'event' : 'events'} in{' '}
      {stats.data.streamCount.toLocaleString()}{' '}
      {stats.data.streamCount === 1 ? 'stream' : 'streams'}
    </span>
  );
}

/** Every instance, oldest first, with its live event count. */
export function InstanceList() {
  const list = useOperation('listInstances', {});
  if (list.isPending) return <p className="muted">Loading instances…</p>;
  if (list.error)
    return (
      <p className="error" role="alert" data-testid="list-error" data-code={list.error.code}>
        {list.error.message}
      </p>
    );
  const { instances } = list.data;
  return (
    <section aria-labelledby="instances-heading">
      <h2 id="instances-heading">
        Instances{' '}
        <span className="muted" data-testid="instance-total">
          {instances.length}
        </span>
      </h2>
      {instances.length === 0 ? (
        <p className="muted" data-testid="no-instances">
          No instances yet. Create one above, or from the command line.
        </p>
      ) : (
        <ul className="instances" data-testid="instance-list">
          {instances.map((i) => (
            <li key={i.id} data-testid="instance-row" data-instance-name={i.name}>
              <span className="name">
                {i.name}
                {i.description && <span className="muted description"> — {i.description}</span>}
              </span>
              <EventCount instance={i} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
