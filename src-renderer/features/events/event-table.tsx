import { useTable, type SortingState } from '@tanstack/react-table';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { useUiStore } from '../../state/ui-store';
import { useClientSize } from '../../components/use-client-size';
import { useKeyedState } from '../../components/use-keyed-state';
import { useStableJson } from '../../components/use-stable-json';
import { useQueryStore } from '../../state/query-store';
import { useContextStore } from '../../state/context-store';
import { useSearchHighlighter } from '../../state/use-search-highlighter';
import { NewEventsPill } from '../live/new-events-pill';
import { useLiveUpdates } from '../live/use-live-updates';
import { buildColumns, summaryColumnId, tableFeatureSet } from './column-defs';
import { useColumnChoice } from './columns-store';
import { layoutColumns } from './column-layout';
import { useCellMeasure } from './use-cell-measure';
import { ContextBar } from './context-bar';
import { ContextMenu } from '../../components/popover';
import { ActionButton } from '../../components/action-button';
import { RowMenuItems } from './row-menu';
import { cellPadding, RowPainter, type BodyColumn, type BodyView } from './row-painter';
import { streamFlags } from './stream-flags';
import { tableBodyState } from './table-body-state';
import { TableToolbar } from './table-toolbar';
import type { RowItem } from './row-range';
import { useEventActions } from './use-event-actions';
import { useEventPages, type TableRow } from './use-event-pages';
import { useRowRange } from './use-row-range';
import { useViewQuery } from './use-view-query';
import { severityOf } from './severity';
import { useSeverityField } from './severity-store';
import { useInstanceBookmarks } from '../bookmarks/use-bookmarks';
import { usePick } from '../../state/use-pick';

export const rowHeight = 24;
const headerHeight = 28;
/**
 * Fetch the next page when the last rendered row is this close to the end of what is loaded
 * (and the page before, in a view opened at an event, when the first is this close to the start).
 */
const prefetchRows = 200;
/** Pages a reveal may load to reach its event: 10,000 rows past the first page. */
const revealPages = 20;
/** The body's rows come from the loaded pages (RowPainter); the table model gives the columns. */
const noRows: TableRow[] = [];

/**
 * The event table: a virtualised grid over pages fetched by cursor. Only the rows in view (plus
 * a few) exist in the DOM, so the work per frame is the same at 100 rows and at 1,000,000.
 * TanStack Table gives the column model (headers, sizing, sorting state), useRowRange the rows
 * in view (by arithmetic: rows have one height), and a RowPainter draws those rows, so
 * scrolling does not re-render this component. Sorting is server-side: a header click changes the current query's order.
 */
export function EventTable() {
  const { instance, stream } = usePick(useQueryStore, 'instance', 'stream');
  const filtered = useQueryStore((s) => s.where.length > 0 || s.timeRange !== null);
  const setOrderBy = useQueryStore((s) => s.setOrderBy);
  const { query, orderBy, isStreamView } = useViewQuery();
  const choice = useColumnChoice(instance);
  const {
    timeZone,
    follow,
    selectedEventId: selectedId,
    selectedIndex,
    select,
    setDetailOpen,
  } = usePick(
    useUiStore,
    'timeZone',
    'follow',
    'selectedEventId',
    'selectedIndex',
    'select',
    'setDetailOpen',
  );
  // The severity field rides along as one more (hidden) extra column, after the shown ones.
  const severity = useSeverityField(instance).field;
  const fetched = useMemo(
    () => (severity ? [...choice.extra, severity.path] : choice.extra),
    [choice.extra, severity],
  );
  const highlighter = useSearchHighlighter();
  const pages = useEventPages(query, fetched, highlighter);
  const { rows } = pages;
  const {
    view: context,
    reveal,
    revealed,
  } = usePick(useContextStore, 'view', 'reveal', 'revealed');
  const [menuRow, setMenuRow] = useState<TableRow | null>(null);
  const marks = useInstanceBookmarks(instance);

  const scrollRef = useRef<HTMLDivElement>(null);
  // A new query starts at the top (the effect below scrolls there).
  const queryKey = JSON.stringify(query);
  const [atTop, setAtTop] = useKeyedState(queryKey, true);
  const newestFirst = orderBy.direction === 'desc';
  const live = useLiveUpdates({
    instanceId: instance,
    stream,
    newestFirst,
    follow,
    // A view opened at an event is not at the head while rows before it are unloaded.
    atTop: atTop && !pages.hasBefore,
    reloadHead: pages.reload,
  });

  const count = rows.length + (pages.hasMore ? 1 : 0);
  const painter = useRef<RowPainter | null>(null);
  const { hasMore, loadMore, hasBefore, loadBefore } = pages;
  // Asks for the next page when the rows in view come near the end of what is loaded, and for
  // the one before when they come near its start.
  const prefetch = (items: RowItem[]) => {
    const last = items[items.length - 1]?.index ?? -1;
    if (hasMore && last >= rows.length - prefetchRows) loadMore();
    else if (hasBefore && items.length > 0 && items[0]!.index < prefetchRows) loadBefore();
  };
  const range = useRowRange({
    scrollRef,
    count,
    rowHeight,
    offsetTop: headerHeight,
    overscan: 8,
    onChange: (items) => {
      painter.current?.setItems(items);
      prefetch(items);
    },
  });

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [queryKey]);

  const columns = useMemo(() => buildColumns(choice, timeZone), [choice, timeZone]);
  const sorting = useMemo<SortingState>(
    () => [{ id: orderBy.field, desc: orderBy.direction === 'desc' }],
    [orderBy],
  );
  const [columnSizing, setColumnSizing] = useState<Record<string, number>>({});
  const table = useTable({
    features: tableFeatureSet,
    columns,
    data: noRows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    columnResizeMode: 'onChange',
    state: { sorting, columnSizing },
    onColumnSizingChange: setColumnSizing,
  });

  const sortBy = useCallback(
    (columnId: string) => {
      if (columnId === summaryColumnId) return;
      const same = orderBy.field === columnId;
      setOrderBy({
        field: columnId,
        direction: same
          ? orderBy.direction === 'desc'
            ? 'asc'
            : 'desc'
          : columnId === 'timestamp'
            ? 'desc'
            : 'asc',
      });
    },
    [orderBy, setOrderBy],
  );

  const move = (index: number) => {
    if (rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    select(rows.row(i)!.id, i);
    range.scrollToIndex(i);
  };

  // The event a context view, a bookmark or a reloaded address names: loaded (page after page
  // if need be, up to revealPages more), then selected and scrolled to the middle of the view.
  // Past that it stays unrevealed rather than loading a million rows: the detail pane still
  // shows it, and "Show in stream" opens the table at it.
  const revealLoads = useRef({ id: null as string | null, pages: 0 });
  useEffect(() => {
    if (reveal === null || pages.status !== 'ready') return;
    for (let i = 0; i < rows.length; i++) {
      if (rows.row(i)!.id !== reveal) continue;
      select(reveal, i);
      const el = scrollRef.current;
      if (el) el.scrollTop = Math.max(0, i * rowHeight - (el.clientHeight - headerHeight) / 2);
      revealed();
      return;
    }
    if (pages.loadingMore) return;
    const loads = revealLoads.current;
    if (loads.id !== reveal) revealLoads.current = { id: reveal, pages: 0 };
    if (hasMore && revealLoads.current.pages < revealPages) {
      revealLoads.current.pages += 1;
      loadMore();
    } else revealed();
  }, [reveal, rows, pages.status, pages.loadingMore, hasMore, loadMore, select, revealed]);

  useEventActions({
    rows,
    instance,
    selectedId,
    selectedIndex,
    highlighter,
    context,
    marks,
    newestFirst,
    move,
    focus: () => scrollRef.current?.focus(),
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 240) / rowHeight) - 1);
    const current = selectedIndex ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(current + 1),
      ArrowUp: () => move(current - 1),
      // As in less, lnav and vi.
      j: () => move(current + 1),
      k: () => move(current - 1),
      PageDown: () => move(current + page),
      PageUp: () => move(current - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => selectedId && setDetailOpen(true),
    };
    const action = keys[e.key];
    if (action && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      action();
    }
  };

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const paneWidth = useClientSize(scrollRef).width;
  const { widths, total: totalWidth } = layoutColumns(
    headers.map((h) => ({
      id: h.column.id,
      size: h.getSize(),
      minSize: h.column.columnDef.minSize ?? 0,
      keep: h.column.id === 'timestamp',
    })),
    summaryColumnId,
    paneWidth,
  );
  // The headers are new objects on every render; the painter should see new columns only when
  // their ids or widths change.
  const bodyColumns = useStableJson<BodyColumn[]>(
    headers.map((h, i) => {
      const extra = choice.extra.indexOf(h.column.id);
      const size = widths[i]!;
      return {
        id: h.column.id,
        size,
        extra: extra < 0 ? null : extra,
        textWidth: Math.max(0, size - 2 * cellPadding),
      };
    }),
  );
  const measure = useCellMeasure();
  // The body element comes and goes with the loading and empty states; its painter with it.
  const bodyRef = useCallback(
    (el: HTMLDivElement | null) => {
      painter.current?.dispose();
      painter.current = el
        ? new RowPainter(el, (id, index) => {
            select(id, index);
            setDetailOpen(true);
          })
        : null;
    },
    [select, setDetailOpen],
  );
  const view: BodyView = {
    rows,
    columns: bodyColumns,
    timeZone,
    measure,
    selectedId,
    flags: isStreamView ? (list, index) => streamFlags(list, index, newestFirst) : null,
    severity: severity
      ? (row) => severityOf(row.extra[choice.extra.length] ?? '', severity.kind)
      : null,
    highlighter,
    markedId: context?.anchor.id ?? null,
    bookmark: (row) => marks.get(row.id) ?? null,
  };
  // Rows put before the first one (paging back from an event) push the others down: the scroll
  // position and the selection move with them, so what was in view stays in view. Runs before
  // the painter's effect below, which then draws the rows at the new position.
  const front = useRef({ queryKey, rows: 0 });
  useLayoutEffect(() => {
    const was = front.current;
    front.current = { queryKey, rows: pages.front };
    const grown = pages.front - was.rows;
    if (was.queryKey !== queryKey || grown <= 0) return;
    const el = scrollRef.current;
    if (el) el.scrollTop += grown * rowHeight;
    const ui = useUiStore.getState();
    if (ui.selectedIndex !== null && ui.selectedEventId !== null) {
      const index = ui.selectedIndex + grown;
      if (rows.row(index)?.id === ui.selectedEventId) select(ui.selectedEventId, index);
    }
  }, [queryKey, pages.front, rows, select]);

  // After every render (new rows, columns, selection...): the painter redraws what differs.
  useLayoutEffect(() => {
    const items = range.items();
    painter.current?.setView(view, items);
    prefetch(items);
  });

  const body = tableBodyState({ instance, pages, filtered, stream });
  return (
    <div className="event-table-region" data-testid="event-table-region">
      {context && <ContextBar view={context} />}
      <TableToolbar
        shown={rows.length}
        total={pages.total}
        count={pages.count}
        countError={pages.countError}
        onRecount={pages.recount}
        tookMs={pages.tookMs}
        loading={pages.status === 'loading' || pages.loadingMore}
        isStreamView={isStreamView}
      />
      {pages.cancelled && (
        <div className="inline-notice" role="status" data-testid="pages-cancelled">
          Loading more was cancelled: showing the first {rows.length.toLocaleString()}.{' '}
          <ActionButton
            className="button button-small"
            action={{ label: 'Load the rest', testId: 'pages-resume', onClick: pages.resume }}
          />
        </div>
      )}
      {pages.error && pages.status === 'ready' && (
        <div className="inline-error" role="alert" data-testid="page-error">
          Loading more failed: {pages.error.message}
        </div>
      )}
      <div className="event-table-frame">
        <NewEventsPill
          count={live.newCount}
          filtered={filtered}
          onClick={() => {
            scrollRef.current?.scrollTo({ top: 0 });
            live.catchUp();
          }}
        />
        <ContextMenu
          testId="row-menu"
          onContextMenu={(e) => {
            const el = (e.target as Element).closest<HTMLElement>('[data-testid="event-row"]');
            const index = Number(el?.dataset.index);
            const row = el ? rows.row(index) : undefined;
            if (!row || instance === null) {
              e.preventDefault();
              return;
            }
            select(row.id, index);
            setMenuRow(row);
          }}
          trigger={
            <div
              ref={scrollRef}
              className="event-table-scroll"
              role="grid"
              aria-label="Events"
              aria-rowcount={pages.total ?? -1}
              tabIndex={0}
              data-testid="event-table"
              data-rows={rows.length}
              data-total={pages.total ?? ''}
              data-status={pages.status}
              onKeyDown={onKeyDown}
              onScroll={(e) => {
                const top = e.currentTarget.scrollTop < rowHeight;
                if (top !== atTop) setAtTop(top);
              }}
            >
              <div
                className="event-table-head"
                role="row"
                style={{ width: Math.max(totalWidth, 0) }}
              >
                {headers.map((header, i) => {
                  const sorted = header.column.getIsSorted();
                  const sortable = header.column.id !== summaryColumnId;
                  return (
                    <div
                      key={header.id}
                      role="columnheader"
                      aria-sort={
                        sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'
                      }
                      className="th"
                      style={{ width: widths[i] }}
                      data-column={header.column.id}
                    >
                      <button
                        type="button"
                        className="th-button"
                        disabled={!sortable}
                        title={sortable ? `Sort by ${header.column.id} (on the server)` : undefined}
                        onClick={() => sortBy(header.column.id)}
                      >
                        <span className="th-label">
                          <table.FlexRender header={header} />
                        </span>
                        {sorted && (
                          <span className="sort-mark">{sorted === 'asc' ? '▲' : '▼'}</span>
                        )}
                      </button>
                      {/* The summary is sized by the pane (layoutColumns), not by hand. */}
                      {header.column.id !== summaryColumnId && (
                        <span
                          className="resize-handle"
                          onMouseDown={header.getResizeHandler()}
                          onDoubleClick={() => header.column.resetSize()}
                          aria-hidden="true"
                        />
                      )}
                    </div>
                  );
                })}
              </div>
              {body ?? (
                <div
                  ref={bodyRef}
                  className="event-table-body"
                  style={{ height: range.totalSize, width: Math.max(totalWidth, 0) }}
                />
              )}
            </div>
          }
        >
          {menuRow && instance !== null && <RowMenuItems row={menuRow} instance={instance} />}
        </ContextMenu>
      </div>
    </div>
  );
}
