import { create } from 'zustand';
import { aroundDefaults, type EventAnchor } from '../../src-shared/search/around';
import { useQueryStore } from './query-store';

/**
 * A context view of one event, opened from the detail pane, a row's menu or a key: the table
 * shows the events around it instead of the current query's result, with the event marked and
 * scrolled to, while the query (its search, its chips) stays as it was, so the search's matches
 * stay highlighted and "Back to the results" returns to them.
 *
 *   around   its stream's ±`events` neighbours by sequence number and every event of the
 *            instance within ±`seconds`, merged in time order (aroundQuery)
 *   stream   its whole stream in a stream view's order (showInStreamQuery)
 *
 * Either opens at the event (`startAt`) and pages both ways from it (features/events).
 *
 * Any change of the query itself (another instance or stream, a condition, the time range)
 * leaves the context view: the user asked for something else.
 */
/** The event a context view is of; its timestamp ISO 8601, as events carry it. */
export type ContextAnchor = EventAnchor & { timestamp: string };

export type ContextView =
  | { kind: 'around'; anchor: ContextAnchor; events: number; seconds: number }
  | { kind: 'stream'; anchor: ContextAnchor };

interface ContextState {
  view: ContextView | null;
  /** The event the table should scroll to and select once it has loaded it, if any. */
  reveal: string | null;
  showAround(anchor: ContextAnchor, options?: { events?: number; seconds?: number }): void;
  showInStream(anchor: ContextAnchor): void;
  close(): void;
  /** Scrolls the table to an event of its current query once loaded (a bookmark opened). */
  revealEvent(id: string): void;
  revealed(): void;
}

export const useContextStore = create<ContextState>()((set, get) => ({
  view: null,
  reveal: null,
  showAround: (anchor, options = {}) => {
    const last = get().view;
    const kept = last?.kind === 'around' ? last : aroundDefaults;
    set({
      view: {
        kind: 'around',
        anchor,
        events: options.events ?? kept.events,
        seconds: options.seconds ?? kept.seconds,
      },
      reveal: anchor.id,
    });
  },
  showInStream: (anchor) => set({ view: { kind: 'stream', anchor }, reveal: anchor.id }),
  close: () => set({ view: null, reveal: null }),
  revealEvent: (id) => set({ reveal: id }),
  revealed: () => set({ reveal: null }),
}));

useQueryStore.subscribe((now, before) => {
  if (useContextStore.getState().view === null) return;
  if (
    now.instance !== before.instance ||
    now.stream !== before.stream ||
    now.where !== before.where ||
    now.timeRange !== before.timeRange
  )
    useContextStore.getState().close();
});
