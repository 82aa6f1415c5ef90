import { ContextMenuItem } from '../../components/popover';
import { copyText } from '../../components/toast';
import { useContextStore, type ContextAnchor } from '../../state/context-store';
import { useUiStore } from '../../state/ui-store';
import type { TableRow } from './use-event-pages';

/** An event of the table as a context view's anchor. */
export function rowAnchor(row: TableRow, instance: string): ContextAnchor {
  return {
    instance,
    id: row.id,
    stream_id: row.stream,
    sequence_number: row.seq,
    timestamp: new Date(row.ts).toISOString(),
  };
}

/** A row's context menu (right-click, or the menu key on the selected row). */
export function RowMenuItems({ row, instance }: { row: TableRow; instance: string }) {
  const context = useContextStore.getState();
  return (
    <>
      <ContextMenuItem
        testId="row-menu-open"
        onSelect={() => useUiStore.getState().setDetailOpen(true)}
      >
        Open in the detail pane
      </ContextMenuItem>
      <ContextMenuItem
        testId="row-menu-stream"
        onSelect={() => context.showInStream(rowAnchor(row, instance))}
      >
        Show in stream
      </ContextMenuItem>
      <ContextMenuItem
        testId="row-menu-around"
        onSelect={() => context.showAround(rowAnchor(row, instance))}
      >
        Around this event
      </ContextMenuItem>
      <ContextMenuItem testId="row-menu-copy-id" onSelect={() => void copyText(row.id, 'the id')}>
        Copy the event id
      </ContextMenuItem>
    </>
  );
}
