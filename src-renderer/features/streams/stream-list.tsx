import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { StreamOrderField } from '../../../src-shared/contract/catalog';
import { Icon } from '../../components/icons';
import { ErrorState, Loading } from '../../components/states';
import { useUiStore } from '../../state/ui-store';
import { useQueryStore } from '../../state/query-store';
import { formatCount, formatTime } from '../events/format';
import { useStreamPages } from './use-stream-pages';
import { Segmented } from '../../components/segmented';
import { usePick } from '../../state/use-pick';

const itemHeight = 24;
const sortLabels: Record<StreamOrderField, string> = {
  name: 'Name',
  count: 'Count',
  lastEvent: 'Latest',
};

/**
 * The streams of the selected instance: filterable by name, sorted by name, count or last event,
 * virtualised (smooth with 100,000 streams). "All events" shows the whole instance.
 */
export function StreamList({ instanceId }: { instanceId: string }) {
  const {
    stream,
    setStream,
    setOrderBy: setQueryOrder,
  } = usePick(useQueryStore, 'stream', 'setStream', 'setOrderBy');
  const { timeZone, clearSelection } = usePick(useUiStore, 'timeZone', 'clearSelection');
  const show = (next: string | null) => {
    if (next !== stream) clearSelection();
    setStream(next);
    setQueryOrder(null);
  };
  const [filter, setFilter] = useState('');
  const [debounced, setDebounced] = useState('');
  const [orderBy, setOrderBy] = useState<StreamOrderField>('name');
  const [direction, setDirection] = useState<'asc' | 'desc'>('asc');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(filter.trim()), 150);
    return () => clearTimeout(t);
  }, [filter]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ first: 0, last: 50 });
  const pages = useStreamPages(instanceId, debounced, orderBy, direction, range.first, range.last);
  // The warning is about the React Compiler, which this app does not use: it would skip this
  // component. Nothing here memoizes what the virtualizer returns; it is read on every render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: pages.total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => itemHeight,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (first !== range.first || last !== range.last) setRange({ first, last });
  }, [first, last, range]);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [debounced, orderBy, direction, instanceId]);

  const pickOrder = (next: StreamOrderField) => {
    if (next === orderBy) setDirection((d) => (d === 'asc' ? 'desc' : 'asc'));
    else {
      setOrderBy(next);
      setDirection(next === 'name' ? 'asc' : 'desc');
    }
  };

  return (
    <div className="stream-list" role="group" aria-label="Streams" data-testid="stream-list">
      <div className="stream-tools">
        <input
          className="input input-small"
          placeholder="Filter streams"
          aria-label="Filter streams by name"
          data-testid="stream-filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <Segmented
          label="Sort streams"
          kind="toggle"
          small
          options={['name', 'count', 'lastEvent'] as const}
          value={orderBy}
          onChange={pickOrder}
          render={(key) => (
            <>
              {sortLabels[key]}
              {orderBy === key && (
                <Icon name={direction === 'asc' ? 'arrowUp' : 'arrowDown'} size={10} />
              )}
            </>
          )}
          testId={(key) => `stream-sort-${key}`}
          title={(key) =>
            `Sort by ${sortLabels[key].toLowerCase()}${orderBy === key ? ` (${direction === 'asc' ? 'ascending' : 'descending'})` : ''}`
          }
        />
      </div>
      <button
        type="button"
        aria-current={stream === null ? 'true' : undefined}
        className={`tree-item stream-all${stream === null ? ' selected' : ''}`}
        data-testid="stream-all"
        onClick={() => show(null)}
      >
        <Icon name="stream" /> All events
        <span className="tree-count" data-testid="stream-total" data-total={pages.total ?? ''}>
          {pages.total === null
            ? ''
            : `${formatCount(pages.total)}${debounced ? ' matching' : ''} stream${pages.total === 1 ? '' : 's'}`}
        </span>
      </button>
      {pages.status === 'error' && pages.error ? (
        <ErrorState what="The streams could not be listed." error={pages.error} />
      ) : pages.status === 'loading' ? (
        <Loading label="Loading streams…" />
      ) : pages.total === 0 ? (
        <p className="muted pad" data-testid="no-streams">
          {debounced ? `No stream name contains “${debounced}”.` : 'No streams yet.'}
        </p>
      ) : (
        <div ref={scrollRef} className="stream-scroll" data-testid="stream-scroll">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const s = pages.row(item.index);
              return (
                <button
                  type="button"
                  aria-current={s !== undefined && s.streamId === stream ? 'true' : undefined}
                  key={item.index}
                  className={`tree-item stream-item${s && s.streamId === stream ? ' selected' : ''}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                  data-testid="stream-item"
                  data-stream={s?.streamId ?? ''}
                  data-count={s?.eventCount ?? ''}
                  disabled={!s}
                  title={
                    s
                      ? `${s.streamId}\n${formatCount(s.eventCount)} events\nfirst ${formatTime(Date.parse(s.firstEventAt), timeZone)}\nlast ${formatTime(Date.parse(s.lastEventAt), timeZone)}`
                      : undefined
                  }
                  onClick={() => s && show(s.streamId)}
                >
                  <span className="stream-name mono">{s?.streamId ?? '…'}</span>
                  <span className="tree-count">{s ? formatCount(s.eventCount) : ''}</span>
                  {s && (
                    <span className="visually-hidden">
                      {s.eventCount === 1 ? ' event' : ' events'}
                    </span>
                  )}
                </button>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
