import { Icon } from '../../components/icons';
import { formatCount } from '../events/format';

/** "N new events": shown when events arrived that the table does not show yet. */
export function NewEventsPill(props: { count: number; filtered: boolean; onClick: () => void }) {
  if (props.count === 0) return null;
  return (
    <button
      type="button"
      className="new-events-pill"
      data-testid="new-events-pill"
      data-count={props.count}
      title={
        props.filtered
          ? 'Events appended since this view was loaded (some may not match the filters)'
          : 'Events appended since this view was loaded'
      }
      onClick={props.onClick}
    >
      <Icon name="arrowUp" size={12} />
      {formatCount(props.count)} new {props.count === 1 ? 'event' : 'events'}
    </button>
  );
}
