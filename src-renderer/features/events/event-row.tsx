import type { Row } from '@tanstack/react-table';
import { memo, type ComponentType } from 'react';
import type { tableFeatureSet } from './column-defs';
import type { RowFlags } from './stream-flags';
import type { TableRow } from './use-event-pages';

type Features = typeof tableFeatureSet;
type Flex = ComponentType<{ cell: ReturnType<Row<Features, TableRow>['getAllCells']>[number] }>;

/** One row of the grid. Memoised: scrolling re-renders only rows that enter the view. */
export const EventRow = memo(function EventRow(props: {
  row: Row<Features, TableRow>;
  index: number;
  start: number;
  selected: boolean;
  flags: RowFlags | null;
  /** A click selects the row and shows it in the detail pane. */
  onSelect: () => void;
  FlexRender: Flex;
}) {
  const { row, flags, FlexRender } = props;
  return (
    <div
      role="row"
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      className={`tr${props.selected ? ' tr-selected' : ''}${props.index % 2 ? ' tr-odd' : ''}`}
      style={{ transform: `translateY(${props.start}px)` }}
      data-testid="event-row"
      data-index={props.index}
      data-event-id={row.original.id}
      data-seq={row.original.seq}
      data-stream={row.original.stream}
      onClick={props.onSelect}
    >
      {row.getAllCells().map((cell) => (
        <div
          key={cell.id}
          role="gridcell"
          className={`td td-${cell.column.id === 'summary' ? 'summary' : 'field'}`}
          style={{ width: cell.column.getSize() }}
          data-column={cell.column.id}
        >
          <FlexRender cell={cell} />
          {cell.column.id === 'sequence_number' && flags && (flags.gap > 0 || flags.backwards) && (
            <span className="row-flags" data-testid="row-flag">
              {flags.gap > 0 && (
                <span
                  className="flag flag-gap"
                  data-flag="gap"
                  title={`${flags.gap} sequence ${flags.gap === 1 ? 'number' : 'numbers'} skipped before this event (filtered out or missing)`}
                >
                  +{flags.gap}
                </span>
              )}
              {flags.backwards && (
                <span
                  className="flag flag-back"
                  data-flag="backwards"
                  title="This event's time is earlier than the previous event's in the stream"
                >
                  ⟲
                </span>
              )}
            </span>
          )}
        </div>
      ))}
    </div>
  );
});
