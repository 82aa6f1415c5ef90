import { useCallback, useEffect, useRef } from 'react';
import { failureEnvelope } from '../../../src-shared/contract/envelope';
import type { Query } from '../../../src-shared/contract/query';
import type { EventRecord } from '../../../src-shared/contract/records';
import { useClient } from '../../client/client-context';
import { OperationError } from '../../client/query-cache';
import { useKeyedState } from '../../components/use-keyed-state';
import { useLatest } from '../../components/use-latest';
import { useStableJson } from '../../components/use-stable-json';
import { useTableFetch } from '../../state/table-fetch-store';
import { rememberEvents } from './event-cache';
import { PagedRows } from './paged-rows';
import { compile, toRows, type TableRow } from './table-rows';
import type { Highlighter } from '../../../src-shared/search/highlight';

export type { TableRow };

export interface EventPages {
  rows: PagedRows;
  /**
   * Exact number of matching events, once known. A first page comes without it when counting
   * would take a scan (`total: false`); the count follows in a request of its own.
   */
  total: number | null;
  /** The total of what is shown: 'counting' while that request runs. */
  count: CountState;
  tookMs: number | null;
  hasMore: boolean;
  /** Rows come before the first one loaded (a query opened at an event: `startAt`). */
  hasBefore: boolean;
  /**
   * How many rows `loadBefore` has put before the head's since it loaded: the table moves its
   * scroll position and selection by the growth, so the rows in view stay where they were.
   */
  front: number;
  /** 'cancelled': the first page was cancelled (Cancel in the query bar). */
  status: 'idle' | 'loading' | 'ready' | 'error' | 'cancelled';
  /** Fetching further pages was cancelled; `resume` goes on. */
  cancelled: boolean;
  loadingMore: boolean;
  error: OperationError | null;
  /** Time of the last answer (ms), for "as of". */
  fetchedAt: number | null;
  /** Why the count stopped, when it failed. */
  countError: string | null;
  loadMore(): void;
  /** The page before the first row loaded, when there is one (`hasBefore`). */
  loadBefore(): void;
  reload(): void;
  resume(): void;
  /** Counts the total again after a cancelled or failed count. */
  recount(): void;
}

/** 'stopped': the count was cancelled (Cancel in the query bar) or failed (`countError`). */
export type CountState = 'known' | 'counting' | 'stopped';

export const firstPageSize = 200;
export const nextPageSize = 500;

interface State {
  rows: PagedRows;
  total: number | null;
  count: CountState;
  countError: string | null;
  tookMs: number | null;
  nextCursor: string | null;
  prevCursor: string | null;
  front: number;
  /** The server pages by cursor (seen a nextCursor); else pages follow by offset. */
  cursors: boolean;
  status: EventPages['status'];
  cancelled: boolean;
  loadingMore: boolean;
  error: OperationError | null;
  fetchedAt: number | null;
}

const initial: State = {
  rows: PagedRows.empty,
  total: null,
  count: 'known',
  countError: null,
  tookMs: null,
  nextCursor: null,
  prevCursor: null,
  front: 0,
  cursors: false,
  status: 'idle',
  cancelled: false,
  loadingMore: false,
  error: null,
  fetchedAt: null,
};

/** What a new query starts from: loading, with nothing to show yet. */
const loading: State = { ...initial, status: 'loading' };

/**
 * The event table's data: pages of `query` fetched by keyset cursor while scrolling (by offset
 * only against an engine that answers no cursor). A new query starts over; `reload` fetches the
 * head again (live updates). Stale answers — of a query since replaced — are dropped.
 *
 * Rows come first: pages are asked for without their total (`total: false`), which the engine
 * then leaves out only when counting would take a scan; the total follows in a request of its
 * own (`limit: 0`), and the table says it is counting meanwhile. A first page that holds every
 * match needs no count: its length is the total.
 *
 * A query with `startAt` (a context view) opens at its event: the head is the page starting
 * there plus the page before it, so the event has rows on both sides at any depth, and
 * `loadBefore` follows `prevCursor` further back. Its cursors serve the query without
 * `startAt` (the contract refuses both in one request).
 */
export function useEventPages(
  query: Query | null,
  extraColumns: readonly string[],
  highlighter: Highlighter,
): EventPages {
  // Summaries lead with what the search matched. Read when rows are made, not a reason to
  // fetch again: a new search is a new query anyway, and a context view keeps the search.
  const search = useLatest(highlighter);
  const client = useClient();
  // A new object with the same text is the same query: only another text starts over.
  const current = useStableJson(query);
  const columns = useStableJson(extraColumns);
  const [state, setState] = useKeyedState<State>(
    JSON.stringify([current, columns]),
    current ? loading : initial,
  );
  const latest = useLatest(state);
  // A page request, and a count request, is out.
  const inflight = useRef(false);
  const counting = useRef(false);
  const setFetching = useTableFetch((s) => s.setFetching);
  const busy = useCallback(
    (part: 'page' | 'count', on: boolean) => {
      (part === 'page' ? inflight : counting).current = on;
      setFetching(inflight.current || counting.current);
    },
    [setFetching],
  );
  // The current reload's requests. Aborted when their answers are no longer wanted (a new query,
  // a reload, the table closing): the engine stops the work, the browser frees the connection,
  // and an answer that still arrives is dropped. A superseded page of a slow query otherwise
  // held a worker and one of the browser's six connections for minutes. The count has its own,
  // so that cancelling a count leaves scrolling on.
  const controller = useRef<AbortController | null>(null);
  const countController = useRef<AbortController | null>(null);
  // A head request is out, and a reload came meanwhile (it is fetched when the head answers).
  const headInflight = useRef(false);
  const reloadAfterHead = useRef(false);
  const fetchHeadAgain = useRef<() => void>(() => {});
  // A count is out, and a reload's count came meanwhile (it is counted when this one answers).
  const countAgain = useRef(false);
  const countNext = useRef<(q: Query) => void>(() => {});

  const fetchPage = useCallback(
    async (
      q: Query,
      after: { cursor?: string; offset?: number },
      limit: number,
      signal: AbortSignal,
    ) => {
      const page = after.cursor === undefined ? q : withoutStart(q);
      const envelope = await client.call(
        'queryEvents',
        { query: { ...page, ...after, limit, total: false } },
        { signal },
      );
      if (!envelope.success) throw new OperationError(envelope);
      return envelope.data.result;
    },
    [client],
  );

  /**
   * Asks for the total of `q` on its own, and puts it in the state when it comes. `again`: a
   * live reload's count, which lets a count under way finish and counts again after it (as the
   * head does), so that a count slower than the appends still ends.
   */
  const count = useCallback(
    (q: Query, again = false) => {
      if (again && counting.current) {
        countAgain.current = true;
        setState((s) => ({ ...s, count: 'counting', countError: null }));
        return;
      }
      countController.current?.abort();
      countAgain.current = false;
      const { signal } = (countController.current = new AbortController());
      busy('count', true);
      setState((s) => ({ ...s, count: 'counting', countError: null }));
      client.call('queryEvents', { query: { ...withoutStart(q), limit: 0 } }, { signal }).then(
        (envelope) => {
          if (signal.aborted) return;
          busy('count', false);
          const more = countAgain.current && envelope.success;
          setState((s) =>
            envelope.success
              ? { ...s, total: envelope.data.result.total, count: more ? 'counting' : 'known' }
              : { ...s, count: 'stopped', countError: envelope.error },
          );
          if (more) countNext.current(q);
        },
        (err: unknown) => {
          if (signal.aborted) return;
          busy('count', false);
          setState((s) => ({ ...s, count: 'stopped', countError: asOperationError(err).message }));
        },
      );
    },
    [client, busy, setState],
  );

  /**
   * Fetches the first page; its answer replaces the rows. `live`: a reload of the same query,
   * which leaves a count under way running (see `count`).
   */
  const fetchHead = useCallback(
    (live = false) => {
      if (!current) return;
      controller.current?.abort();
      if (!live) {
        countController.current?.abort();
        if (counting.current) busy('count', false);
      }
      const { signal } = (controller.current = new AbortController());
      busy('page', true);
      headInflight.current = true;
      reloadAfterHead.current = false;
      const extract = compile(columns);
      // A reload asked for while this head was out: its answer shows, then the head again.
      const settled = () => {
        headInflight.current = false;
        if (!reloadAfterHead.current) return;
        reloadAfterHead.current = false;
        fetchHeadAgain.current();
      };
      const head = async () => {
        const page = await fetchPage(current, {}, firstPageSize, signal);
        const before = page.prevCursor
          ? await fetchPage(current, { cursor: page.prevCursor }, firstPageSize, signal)
          : null;
        return { page, before };
      };
      head().then(
        ({ page: result, before }) => {
          if (signal.aborted) return;
          busy('page', false);
          const events = [...(before?.events ?? []), ...(result.events ?? [])] as EventRecord[];
          rememberEvents(events);
          // One snapshot answered the page: when nothing follows it (nor comes before it, for a
          // page opened at an event), it is every match.
          const prevCursor = (before ? before.prevCursor : result.prevCursor) ?? null;
          const total = result.total ?? (result.nextCursor || prevCursor ? null : events.length);
          if (total !== null && counting.current) {
            // The head knows the total: a count still under way would only replace it.
            countController.current?.abort();
            busy('count', false);
          }
          const previous = latest.current;
          setState({
            rows: PagedRows.of(toRows(events, extract, search.current)),
            // A live reload keeps the last total shown while the new one is counted.
            total: total ?? (live ? previous.total : null),
            count: 'known',
            countError: null,
            tookMs: result.tookMs ?? null,
            nextCursor: result.nextCursor ?? null,
            prevCursor,
            front: 0,
            // A page opened at an event answers prevCursor (a string or null) even when it is
            // also the last: the server pages by cursor, and an offset from the top is wrong.
            cursors: typeof result.nextCursor === 'string' || result.prevCursor !== undefined,
            status: 'ready',
            cancelled: false,
            loadingMore: false,
            error: null,
            fetchedAt: Date.now(),
          });
          if (total === null) count(current, live);
          settled();
        },
        (err: unknown) => {
          if (signal.aborted) return;
          busy('page', false);
          setState({ ...initial, status: 'error', error: asOperationError(err) });
          headInflight.current = false;
          reloadAfterHead.current = false;
        },
      );
    },
    [current, columns, search, latest, fetchPage, busy, count, setState],
  );
  useEffect(() => {
    fetchHeadAgain.current = () => fetchHead(true);
    countNext.current = count;
  }, [fetchHead, count]);

  // A new query (its state starts as `loading`) fetches its head.
  useEffect(() => fetchHead(), [fetchHead]);

  /**
   * The head again (live updates, "Try again"): the rows shown stay until it answers. A head
   * already on its way is let finish, and fetched again after: aborting it instead meant that
   * under a live import whose appends came faster than a slow head answered (a busy machine),
   * the table was reloaded again and again and showed "Loading events…" for good.
   */
  const reload = useCallback(() => {
    if (!current) return;
    if (headInflight.current) {
      reloadAfterHead.current = true;
      return;
    }
    setState((s) => ({
      ...s,
      status: s.rows.length > 0 ? s.status : 'loading',
      cancelled: false,
      error: null,
    }));
    fetchHead(true);
  }, [current, setState, fetchHead]);

  useEffect(
    () => () => {
      controller.current?.abort();
      countController.current?.abort();
      setFetching(false);
    },
    [setFetching],
  );

  // Cancel in the query bar: the requests are aborted (the engine stops them); the rows already
  // shown stay, and the table says what was cancelled.
  const cancel = useCallback(() => {
    const page = inflight.current;
    const total = counting.current;
    if (!page && !total) return;
    if (page) controller.current?.abort();
    if (total) countController.current?.abort();
    headInflight.current = false;
    reloadAfterHead.current = false;
    countAgain.current = false;
    busy('page', false);
    busy('count', false);
    setState((s) =>
      s.status === 'ready'
        ? {
            ...s,
            cancelled: s.cancelled || page,
            loadingMore: false,
            count: total ? 'stopped' : s.count,
          }
        : { ...initial, status: 'cancelled' },
    );
  }, [busy, setState]);
  const setCancel = useTableFetch((s) => s.setCancel);
  useEffect(() => {
    setCancel(cancel);
    return () => setCancel(null);
  }, [cancel, setCancel]);

  /** Goes on fetching pages after a cancel, from where the table stopped. */
  const resume = useCallback(() => {
    controller.current = new AbortController();
    setState((s) => ({ ...s, cancelled: false }));
  }, [setState]);

  const recount = useCallback(() => {
    if (current && latest.current.count === 'stopped') count(current);
  }, [current, latest, count]);

  /** The page after the last row loaded (`after`) or before the first (`before`). */
  const loadPage = useCallback(
    (side: 'after' | 'before') => {
      const s = latest.current;
      const signal = controller.current?.signal;
      if (!current || !signal || signal.aborted || inflight.current || s.status !== 'ready') return;
      if (s.cancelled) return;
      const at =
        side === 'before'
          ? s.prevCursor
            ? { cursor: s.prevCursor }
            : null
          : s.nextCursor
            ? { cursor: s.nextCursor }
            : !s.cursors && s.total !== null && s.rows.length < s.total
              ? { offset: s.rows.length }
              : null;
      if (!at) return;
      busy('page', true);
      setState((prev) => ({ ...prev, loadingMore: true }));
      const extract = compile(columns);
      fetchPage(current, at, nextPageSize, signal).then(
        (result) => {
          if (signal.aborted) return;
          busy('page', false);
          const events = (result.events ?? []) as EventRecord[];
          rememberEvents(events);
          const rows = toRows(events, extract, search.current);
          setState((prev) => ({
            ...prev,
            ...(side === 'before'
              ? {
                  rows: prev.rows.prepend(rows),
                  front: prev.front + rows.length,
                  prevCursor: result.prevCursor ?? null,
                }
              : {
                  rows: prev.rows.append(rows),
                  nextCursor: result.nextCursor ?? null,
                  cursors: prev.cursors || typeof result.nextCursor === 'string',
                }),
            // A cursor carries the total counted with the first page, when it was.
            total: result.total ?? prev.total,
            tookMs: result.tookMs ?? null,
            loadingMore: false,
            fetchedAt: Date.now(),
          }));
        },
        (err: unknown) => {
          if (signal.aborted) return;
          busy('page', false);
          setState((prev) => ({ ...prev, loadingMore: false, error: asOperationError(err) }));
        },
      );
    },
    [current, columns, search, latest, fetchPage, busy, setState],
  );
  const loadMore = useCallback(() => loadPage('after'), [loadPage]);
  const loadBefore = useCallback(() => loadPage('before'), [loadPage]);

  const hasMore =
    state.status === 'ready' &&
    !state.cancelled &&
    (state.nextCursor !== null ||
      (!state.cursors && state.total !== null && state.rows.length < state.total));

  return {
    rows: state.rows,
    total: state.total,
    count: state.count,
    countError: state.countError,
    tookMs: state.tookMs,
    hasMore,
    hasBefore: state.status === 'ready' && !state.cancelled && state.prevCursor !== null,
    front: state.front,
    status: state.status,
    cancelled: state.cancelled,
    loadingMore: state.loadingMore,
    error: state.error,
    fetchedAt: state.fetchedAt,
    loadMore,
    loadBefore,
    reload,
    resume,
    recount,
  };
}

function withoutStart(query: Query): Query {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { startAt, ...rest } = query;
  return rest;
}

function asOperationError(err: unknown): OperationError {
  if (err instanceof OperationError) return err;
  return new OperationError(
    failureEnvelope('queryEvents', 'INTERNAL', err instanceof Error ? err.message : String(err)),
  );
}
