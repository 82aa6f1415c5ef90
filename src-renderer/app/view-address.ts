import { useEffect, useRef, useState } from 'react';
import type { Instance } from '../../src-shared/contract/records';
import {
  encodeViewLink,
  parseViewLink,
  type LinkQuery,
  type ViewLink,
} from '../../src-shared/contract/view-link';
import { useLatest } from '../components/use-latest';
import { useViewStore } from '../features/charts/view-store';
import { visibleInstances } from '../features/saved-queries/system-instances';
import { useContextStore } from '../state/context-store';
import { initialParts, useQueryStore, type QueryParts } from '../state/query-store';
import { useRunStore } from '../state/run-store';
import { useUiStore } from '../state/ui-store';

/**
 * The view lives in the address: the page's fragment (`#instance=…&q=…`, view-link.ts) follows
 * the stores, and the stores follow the fragment on load and on Back/Forward. One router for
 * both modes: browser mode's page and the desktop window (`eventlens://app/index.html#…`) are
 * the same renderer over the same `history`, so a reload keeps the view in both, and the
 * window's state is this same string.
 *
 * A change of instance, stream, range, tab or chart pushes a history entry; a change of the
 * query replaces the entry while the user is still shaping it (within `typingMs` of the last
 * query change), and selecting another event replaces it (arrow keys would flood history).
 */
const typingMs = 1500;

/** The view the stores show now; null before an instance is chosen. */
export function currentView(): ViewLink | null {
  const parts = useQueryStore.getState();
  if (parts.instance === null) return null;
  const ui = useUiStore.getState();
  const chart = useViewStore.getState().chartKind;
  const view: ViewLink = { instance: parts.instance };
  if (parts.stream !== null) view.stream = parts.stream;
  const query: LinkQuery = {};
  if (parts.where.length > 0) query.where = parts.where;
  if (parts.select) query.select = parts.select;
  if (parts.orderBy) query.orderBy = parts.orderBy;
  if (parts.reduce) query.reduce = parts.reduce;
  if (parts.limit !== null) query.limit = parts.limit;
  if (Object.keys(query).length > 0) view.query = query;
  if (parts.timeRange) view.range = parts.timeRange;
  if (ui.detailOpen && ui.selectedEventId !== null) view.event = ui.selectedEventId;
  if (ui.view === 'chart') view.tab = 'chart';
  if (chart) view.chart = chart;
  return view;
}

/** Shows a view: every part the link has, and the defaults for the parts it leaves out. */
export function applyView(view: ViewLink | null): void {
  const q = view?.query;
  const parts: QueryParts = {
    ...initialParts,
    instance: view?.instance ?? null,
    stream: view?.stream ?? null,
    where: q?.where ?? [],
    select: q?.select ?? null,
    orderBy: q?.orderBy ?? null,
    reduce: q?.reduce ?? null,
    limit: q?.limit ?? null,
    timeRange: view?.range ?? null,
  };
  useQueryStore.setState(parts);
  const ui = useUiStore.getState();
  ui.select(view?.event ?? null, null);
  ui.setDetailOpen(view?.event !== undefined);
  // The table selects it and scrolls to it once its page is loaded.
  if (view?.event !== undefined) useContextStore.getState().revealEvent(view.event);
  ui.setView(view?.tab ?? 'results');
  useViewStore.getState().setChartKind(view?.chart ?? null);
  useRunStore.getState().bump();
}

/** The fragment for the stores' view ('' for none). */
export function currentFragment(): string {
  const view = currentView();
  return view ? encodeViewLink(view) : '';
}

/** The address that reopens the current view: this page, its fragment, never the token. */
export function currentViewUrl(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('token');
  url.hash = currentFragment();
  return url.toString();
}

/** A link's instance, by id or (for links written by hand) by name. */
function findInstance(instances: readonly Instance[], idOrName: string): Instance | undefined {
  return instances.find((i) => i.id === idOrName) ?? instances.find((i) => i.name === idOrName);
}

/**
 * Opens the address's view, then keeps address and stores in step. Returns the sentence to show
 * when the address names a view that cannot be shown (a malformed link, an unknown instance);
 * the app then shows what it would without a link.
 */
export function useViewAddress(instances: readonly Instance[]): {
  problem: string | null;
  dismiss(): void;
} {
  const [problem, setProblem] = useState<string | null>(null);
  const latest = useLatest(instances);

  useEffect(() => {
    let applying = false;
    let lastQueryChange = 0;

    /** `atStart`: the page has just opened; a view chosen before it (first run) is kept. */
    const open = (fragment: string, atStart = false) => {
      const parsed = parseViewLink(fragment);
      let view: ViewLink | null = null;
      if (!parsed.ok) setProblem(`This link cannot be opened: ${parsed.error}.`);
      else if (parsed.view) {
        const instance = findInstance(latest.current, parsed.view.instance);
        if (!instance)
          setProblem(
            `This link cannot be opened: it names the instance "${parsed.view.instance}", which this event log does not have. Choose an instance on the left.`,
          );
        else {
          view = { ...parsed.view, instance: instance.id };
          setProblem(null);
        }
      }
      if (atStart && !view) {
        // No view in the address: the address takes the stores' (an instance just created on
        // the first-run screen stays chosen).
        const current = currentFragment();
        if (current) history.replaceState(history.state, '', hashUrl(current));
        return;
      }
      applying = true;
      applyView(view);
      applying = false;
      // The address now says what is shown (a name becomes the id; a bad link is kept as it
      // was, so the user can read what was asked for, until the next change).
      if (view) history.replaceState(history.state, '', hashUrl(encodeViewLink(view)));
    };

    open(window.location.hash, true);

    const follow = () => {
      if (applying) return;
      const fragment = currentFragment();
      if (fragment === window.location.hash.replace(/^#/u, '')) return;
      const before = parseViewLink(window.location.hash);
      const now = currentView();
      const prev = before.ok ? before.view : null;
      const kind = changeKind(prev, now);
      const at = Date.now();
      // Leaving "no instance chosen" replaces it: an empty screen is no place to go Back to.
      const replace =
        prev === null || kind === 'event' || (kind === 'query' && at - lastQueryChange < typingMs);
      if (kind === 'query') lastQueryChange = at;
      if (replace) history.replaceState(null, '', hashUrl(fragment));
      else history.pushState(null, '', hashUrl(fragment));
    };
    const unsubscribe = [
      useQueryStore.subscribe(follow),
      useUiStore.subscribe(follow),
      useViewStore.subscribe(follow),
    ];
    const onPop = () => open(window.location.hash);
    // popstate: Back/Forward; hashchange: a link pasted into this tab's address bar, or the
    // desktop shell opening an eventlens:// link in this window.
    window.addEventListener('popstate', onPop);
    window.addEventListener('hashchange', onPop);
    return () => {
      for (const u of unsubscribe) u();
      window.removeEventListener('popstate', onPop);
      window.removeEventListener('hashchange', onPop);
    };
  }, [latest]);

  // Opened without a view to show (no link, nothing chosen), a log of one instance opens on it:
  // the screen said "Choose an instance" beside the only one there was (a fresh `serve`, or an
  // import from the first screen whose dialog was closed without "Open in table"). Only as the
  // screen opens: an instance deleted while viewed leaves its message, not another instance.
  const sole = soleInstance(instances);
  const opening = useRef(true);
  useEffect(() => {
    if (!opening.current || instances.length === 0) return;
    opening.current = false;
    if (problem === null && sole && useQueryStore.getState().instance === null)
      useQueryStore.getState().setInstance(sole);
  }, [instances, problem, sole]);

  return { problem, dismiss: () => setProblem(null) };
}

/** The id of the user's only instance (the app's own hidden one aside), else null. */
export function soleInstance(instances: readonly Instance[]): string | null {
  const visible = visibleInstances(instances, false);
  return visible.length === 1 ? visible[0]!.id : null;
}

/** This page's address with another fragment (the path and search stay as they are). */
function hashUrl(fragment: string): string {
  return `${window.location.pathname}${window.location.search}${fragment ? `#${fragment}` : ''}`;
}

/** What a change of view is: the event selection, the query's shape, or a move elsewhere. */
export function changeKind(
  before: ViewLink | null,
  after: ViewLink | null,
): 'event' | 'query' | 'view' {
  if (before === null || after === null) return 'view';
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const { event: e1, query: q1, ...rest1 } = before;
  const { event: e2, query: q2, ...rest2 } = after;
  if (!same(rest1, rest2)) return 'view';
  if (!same(q1, q2)) return 'query';
  return e1 === e2 ? 'view' : 'event';
}
