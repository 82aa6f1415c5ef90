import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { EventRecord } from '../../../src-shared/contract/records';
import { useUiStore } from '../../state/ui-store';
import { useOperation } from '../../client/use-operation';
import { Icon } from '../../components/icons';
import { ActionButton, type ButtonAction } from '../../components/action-button';
import { ErrorState, Loading } from '../../components/states';
import { copyText } from '../../components/toast';
import { useQueryStore } from '../../state/query-store';
import { cachedEvent } from '../events/event-cache';
import { formatTime, inlineValue } from '../events/format';
import { InstanceStats } from '../instances/instance-stats';
import { JsonTree, type ValueActions } from './json-tree';
import { subMillisecondDigits } from './precise-time';
import { Marked } from './marked';
import { useSearchHighlighter } from '../../state/use-search-highlighter';
import { useContextStore, type ContextAnchor } from '../../state/context-store';
import { BookmarkButton, BookmarkNote } from '../bookmarks/bookmark-detail';
import { usePick } from '../../state/use-pick';

/** The right pane: the selected event in detail, or the instance's statistics. */
export function DetailPane() {
  const instance = useQueryStore((s) => s.instance);
  const { selectedEventId: selectedId, detailOpen: open } = usePick(
    useUiStore,
    'selectedEventId',
    'detailOpen',
  );
  if (instance === null)
    return (
      <div className="pane-empty muted" data-testid="detail-empty">
        Select an instance to see its statistics.
      </div>
    );
  if (!open || selectedId === null) return <InstanceStats instanceId={instance} />;
  return <EventDetail instanceId={instance} id={selectedId} />;
}

function EventDetail({ instanceId, id }: { instanceId: string; id: string }) {
  const cached = cachedEvent(id);
  const fetched = useOperation(
    'queryEvents',
    {
      query: {
        from: { instance: instanceId },
        where: [{ field: 'id', operator: 'eq', value: id }],
        limit: 1,
      },
    },
    { enabled: cached === undefined },
  );
  if (cached) return <EventView event={cached} />;
  if (fetched.isPending) return <Loading label="Loading the event…" />;
  if (fetched.error)
    return <ErrorState what="The event could not be loaded." error={fetched.error} />;
  const event = fetched.data.result.events?.[0] as EventRecord | undefined;
  if (!event) return <p className="pad muted">This event is no longer there.</p>;
  return <EventView event={event} />;
}

function EventView({ event }: { event: EventRecord }) {
  const { addCondition, instance } = usePick(useQueryStore, 'addCondition', 'instance');
  const { setDetailOpen, timeZone } = usePick(useUiStore, 'setDetailOpen', 'timeZone');
  const highlighter = useSearchHighlighter();
  const context = useContextStore();
  const anchor: ContextAnchor | null = instance
    ? {
        instance,
        id: event.id,
        stream_id: event.stream_id,
        sequence_number: event.sequence_number,
        timestamp: event.timestamp,
      }
    : null;
  // The context views around this event, as buttons under the head.
  const contextViews: ButtonAction[] = [
    {
      label: 'Show in stream',
      title: 'Its whole stream in sequence order, scrolled to this event',
      testId: 'show-in-stream',
      disabled: !anchor,
      onClick: () => anchor && context.showInStream(anchor),
    },
    {
      label: 'Around',
      title: '±10 events of its stream and ±5 s across the instance, in time order',
      testId: 'show-around',
      disabled: !anchor,
      onClick: () => anchor && context.showAround(anchor),
    },
  ];
  const actions: ValueActions = {
    copyValue: (v) =>
      void copyText(typeof v === 'string' ? v : JSON.stringify(v, null, 2), 'the value'),
    copyPath: (p) => void copyText(p, p),
    filter: (field, value, exclude) =>
      addCondition({ field, operator: exclude ? 'neq' : 'eq', value }),
  };
  const top: [string, string, JsonValue, boolean][] = [
    ['id', 'id', event.id, true],
    ['time', 'timestamp', event.timestamp, false],
    ['stream', 'stream_id', event.stream_id, true],
    ['type', 'event_type', event.event_type, true],
    ['sequence', 'sequence_number', event.sequence_number, true],
  ];
  return (
    <div className="detail" data-testid="event-detail" data-event-id={event.id}>
      <div className="pane-head">
        <h2 className="pane-title">{event.event_type}</h2>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="button button-small"
          data-testid="copy-event"
          onClick={() => void copyText(JSON.stringify(event, null, 2), 'the whole event')}
        >
          <Icon name="copy" size={12} /> Copy event
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Close the detail"
          title="Close (Esc)"
          data-testid="close-detail"
          onClick={() => setDetailOpen(false)}
        >
          <Icon name="x" />
        </button>
      </div>
      <div className="detail-context">
        {contextViews.map((action) => (
          <ActionButton key={action.testId} action={action} className="button button-small" />
        ))}
        {instance && <BookmarkButton event={event} instanceId={instance} />}
      </div>
      {instance && <BookmarkNote event={event} instanceId={instance} />}
      <dl className="detail-fields">
        {top.map(([label, field, value, filterable]) => (
          <div key={field} className="detail-field" data-field={field}>
            <dt>{label}</dt>
            <dd className="mono">
              {field === 'timestamp' ? (
                <span title={event.timestamp} data-testid="detail-time">
                  {formatTime(Date.parse(event.timestamp), timeZone)}
                  {subMillisecondDigits(event)}
                </span>
              ) : typeof value === 'string' ? (
                <Marked text={value} ranges={highlighter.ranges(value, field)} />
              ) : (
                inlineValue(value)
              )}
              <span className="json-actions">
                <button
                  type="button"
                  title="Copy the value"
                  onClick={() => actions.copyValue(value)}
                >
                  copy
                </button>
                {filterable && (
                  <>
                    <button
                      type="button"
                      data-testid={`filter-to-${field}`}
                      onClick={() => actions.filter?.(field, value, false)}
                    >
                      = filter
                    </button>
                    <button
                      type="button"
                      data-testid={`filter-out-${field}`}
                      onClick={() => actions.filter?.(field, value, true)}
                    >
                      ≠ exclude
                    </button>
                  </>
                )}
              </span>
            </dd>
          </div>
        ))}
      </dl>
      {(['payload', 'metadata'] as const).map((root) => (
        <section key={root} className="detail-section" data-testid={`detail-${root}`}>
          <JsonTree root={root} value={event[root]} actions={actions} highlighter={highlighter} />
        </section>
      ))}
    </div>
  );
}
