import { create } from 'zustand';

/**
 * The event table's page request, as the run's activity sees it. The table fetches its pages
 * outside the query cache (they are kept as compact rows, not cached answers), so the activity
 * counts it and Cancel reaches it through here: a cancelled query's table page used to go on
 * in the engine, and the table said "Loading events…" under a "Cancelled" run.
 */
interface TableFetch {
  /** A page of the current query is being fetched. */
  fetching: boolean;
  /** Stops that fetch (set by the table while it is shown). */
  cancel: (() => void) | null;
  setFetching(fetching: boolean): void;
  setCancel(cancel: (() => void) | null): void;
}

export const useTableFetch = create<TableFetch>((set) => ({
  fetching: false,
  cancel: null,
  setFetching: (fetching) => set({ fetching }),
  setCancel: (cancel) => set({ cancel }),
}));
