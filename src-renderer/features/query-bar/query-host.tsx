import { useEffect } from 'react';
import { useOperation } from '../../app/use-operation';
import { useQueryStore } from '../../state/query-store';
import { isSystemInstance } from '../saved-queries/saved-queries-model';
import { EventsPreview } from './events-preview';
import { QueryWorkspace } from './query-workspace';

/** The query layer with an instance picker of its own (until the browsing layout hosts it). */
export function QueryHost() {
  const list = useOperation('listInstances', {});
  const instance = useQueryStore((s) => s.instance);
  const setInstance = useQueryStore((s) => s.setInstance);
  const instances = (list.data?.instances ?? []).filter((i) => !isSystemInstance(i));
  useEffect(() => {
    if (instance === null && instances[0]) setInstance(instances[0].id);
  }, [instance, instances, setInstance]);
  if (instances.length === 0) return null;
  return (
    <section className="q-host" data-testid="query-host">
      <div className="q-bar">
        <label className="q-check">
          instance
          <select
            className="q-select"
            data-testid="instance-picker"
            value={instance ?? ''}
            onChange={(e) => setInstance(e.target.value)}
          >
            {instances.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {instance && <QueryWorkspace instanceId={instance} events={<EventsPreview />} />}
    </section>
  );
}
