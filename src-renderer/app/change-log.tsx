import { useEffect, useState } from 'react';
import type { ChangeEvent } from '../../src-shared/contract/change-events';
import { useClient } from './client-context';

const keep = 20;

function describe(change: ChangeEvent): string {
  switch (change.kind) {
    case 'instanceCreated':
      return `created instance "${change.instance.name}"`;
    case 'instanceUpdated':
      return `updated instance "${change.instance.name}"`;
    case 'instanceDeleted':
      return `deleted an instance and its ${change.deletedEvents} events`;
    case 'eventsAppended':
      return `${change.count} ${change.count === 1 ? 'event' : 'events'} appended to ${change.streams.length} ${change.streams.length === 1 ? 'stream' : 'streams'}`;
  }
}

/** The latest changes, whoever made them: proof that the live path works end to end. */
export function ChangeLog() {
  const client = useClient();
  const [changes, setChanges] = useState<{ at: Date; change: ChangeEvent }[]>([]);
  useEffect(
    () =>
      client.subscribe((change) =>
        setChanges((prev) => [{ at: new Date(), change }, ...prev].slice(0, keep)),
      ),
    [client],
  );
  return (
    <section aria-labelledby="changes-heading">
      <h2 id="changes-heading">Live changes</h2>
      {changes.length === 0 ? (
        <p className="muted">Nothing yet. Changes from any window or the CLI show up here.</p>
      ) : (
        <ol className="changes" data-testid="change-log">
          {changes.map(({ at, change }, i) => (
            <li key={`${at.getTime()}-${changes.length - i}`} data-kind={change.kind}>
              <time dateTime={at.toISOString()}>{at.toLocaleTimeString()}</time> {describe(change)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
