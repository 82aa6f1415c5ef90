import {
  columnResizingFeature,
  columnSizingFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { TimeZoneMode } from '../../state/ui-store';
import { fixedColumns, type ColumnChoice } from './columns-store';
import { formatTime } from './format';
import type { TableRow } from './use-event-pages';

/** Sorting is server-side (the table only shows the state); sizes are the user's. */
export const tableFeatureSet = tableFeatures({
  rowSortingFeature,
  columnSizingFeature,
  columnResizingFeature,
});

const helper = createColumnHelper<typeof tableFeatureSet, TableRow>();
/** A column of any value type (what `helper.columns` accepts). */
type AnyColumn = ReturnType<typeof helper.columns>[number];

/** The summary column takes the rest of the row; it cannot be sorted (it is not a field). */
export const summaryColumnId = 'summary';

export function buildColumns(choice: ColumnChoice, timeZone: TimeZoneMode) {
  const hidden = new Set(choice.hidden);
  const defs: AnyColumn[] = [];
  for (const col of fixedColumns) {
    if (hidden.has(col.id)) continue;
    switch (col.id) {
      case 'timestamp':
        defs.push(
          helper.accessor('ts', {
            id: col.id,
            header: timeZone === 'utc' ? 'Time (UTC)' : 'Time',
            size: col.size,
            minSize: 120,
            cell: (info) => formatTime(info.row.original.ts, timeZone),
          }),
        );
        break;
      case 'stream_id':
        defs.push(
          helper.accessor('stream', { id: col.id, header: col.label, size: col.size, minSize: 60 }),
        );
        break;
      case 'event_type':
        defs.push(
          helper.accessor('type', { id: col.id, header: col.label, size: col.size, minSize: 60 }),
        );
        break;
      case 'sequence_number':
        defs.push(
          helper.accessor('seq', { id: col.id, header: col.label, size: col.size, minSize: 44 }),
        );
        break;
    }
  }
  choice.extra.forEach((path, i) => {
    defs.push(
      helper.accessor((row) => row.extra[i] ?? '', {
        id: path,
        header: path.replace(/^payload\./u, ''),
        size: 140,
        minSize: 60,
      }),
    );
  });
  defs.push(
    helper.accessor('summary', {
      id: summaryColumnId,
      header: 'Payload',
      size: 600,
      minSize: 120,
      enableSorting: false,
    }),
  );
  return defs;
}
