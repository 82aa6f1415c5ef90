import { memo } from 'react';
import type { TimeZoneMode } from '../../app/ui-store';
import { summaryColumnId } from './column-defs';
import { fitText, type Measure } from './fit-text';
import { formatTime } from './format';
import type { TableRow } from './use-event-pages';

/** A column as the body draws it: its id and width, from the table's column model. */
export interface BodyColumn {
  id: string;
  size: number;
  /** Index into TableRow.extra for payload/metadata columns. */
  extra: number | null;
  /** Width for the cell's text (px): it is cut to fit in script (see fitText). */
  textWidth: number;
}

/** The horizontal padding of a cell (`.td` in app.css), on each side. */
export const cellPadding = 8;

function cellText(column: BodyColumn, row: TableRow, timeZone: TimeZoneMode): string {
  switch (column.id) {
    case 'timestamp':
      return formatTime(row.ts, timeZone);
    case 'stream_id':
      return row.stream;
    case 'event_type':
      return row.type;
    case 'sequence_number':
      return String(row.seq);
    case summaryColumnId:
      return row.summary;
    default:
      return column.extra === null ? '' : (row.extra[column.extra] ?? '');
  }
}

/**
 * One row of the grid. Its props are plain values (the compact row, the column list, flags), so
 * rows that stay in view are not re-rendered while scrolling, and a row that comes into view
 * reuses the DOM of one that left (the table keys rows by slot).
 */
export const EventRow = memo(function EventRow(props: {
  row: TableRow;
  columns: readonly BodyColumn[];
  timeZone: TimeZoneMode;
  measure: Measure;
  index: number;
  start: number;
  selected: boolean;
  gap: number;
  backwards: boolean;
  onSelect: (id: string, index: number) => void;
}) {
  const { row, gap, backwards } = props;
  const flagged = gap > 0 || backwards;
  return (
    <div
      role="row"
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      className={`tr${props.selected ? ' tr-selected' : ''}${props.index % 2 ? ' tr-odd' : ''}`}
      style={{ transform: `translateY(${props.start}px)` }}
      data-testid="event-row"
      data-index={props.index}
      data-event-id={row.id}
      data-seq={row.seq}
      data-stream={row.stream}
      onClick={() => props.onSelect(row.id, props.index)}
    >
      {props.columns.map((column) => {
        const flags = flagged && column.id === 'sequence_number';
        return (
          <div
            key={column.id}
            role="gridcell"
            className={`td td-${column.id === summaryColumnId ? 'summary' : 'field'}${
              flags ? ' td-flagged' : ''
            }`}
            style={{ width: column.size }}
            data-column={column.id}
          >
            {fitText(cellText(column, row, props.timeZone), column.textWidth, props.measure)}
            {flags && (
              <span className="row-flags" data-testid="row-flag">
                {gap > 0 && (
                  <span
                    className="flag flag-gap"
                    data-flag="gap"
                    title={`${gap} sequence ${gap === 1 ? 'number' : 'numbers'} skipped before this event (filtered out or missing)`}
                  >
                    +{gap}
                  </span>
                )}
                {backwards && (
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
        );
      })}
    </div>
  );
});
