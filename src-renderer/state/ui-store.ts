import { create } from 'zustand';

/**
 * UI state that is not the query: what is selected and open, display preferences. The query
 * itself (instance, stream, conditions, order, columns) lives in state/query-store.ts.
 */
export type TimeZoneMode = 'local' | 'utc';
export type ViewMode = 'results' | 'chart';
export type DialogName =
  'createInstance' | 'editInstance' | 'deleteInstance' | 'append' | 'palette' | 'help' | null;

function storedTimeZone(): TimeZoneMode {
  try {
    return localStorage.getItem('eventlens.timeZone') === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local';
  }
}

interface UiState {
  /** The event shown in the detail pane (by id), and its row index in the table. */
  selectedEventId: string | null;
  selectedIndex: number | null;
  /** The detail pane shows the selected event (true) or the instance's stats (false). */
  detailOpen: boolean;
  timeZone: TimeZoneMode;
  /** Newest-first views reload their head as events arrive while scrolled to the top. */
  follow: boolean;
  /** Stream view: newest first (descending sequence numbers). */
  streamNewestFirst: boolean;
  /** Results (the event table) or a chart of the current query (the query-builder's). */
  view: ViewMode;
  /** The query builder under the query bar is open (the bar's toggle, the chart's hint). */
  builderOpen: boolean;
  dialog: DialogName;
  /** The instance a dialog acts on (edit, delete). */
  dialogInstance: string | null;
  select(id: string | null, index: number | null): void;
  /** Another instance or stream: no event of the last one stays in the detail pane. */
  clearSelection(): void;
  setDetailOpen(open: boolean): void;
  setTimeZone(mode: TimeZoneMode): void;
  setFollow(follow: boolean): void;
  setStreamNewestFirst(v: boolean): void;
  setView(view: ViewMode): void;
  setBuilderOpen(open: boolean): void;
  openDialog(dialog: DialogName, instance?: string | null): void;
  closeDialog(): void;
}

export const useUiStore = create<UiState>()((set) => ({
  selectedEventId: null,
  selectedIndex: null,
  detailOpen: false,
  timeZone: storedTimeZone(),
  follow: true,
  streamNewestFirst: false,
  view: 'results',
  builderOpen: false,
  dialog: null,
  dialogInstance: null,
  select: (selectedEventId, selectedIndex) => set({ selectedEventId, selectedIndex }),
  clearSelection: () => set({ selectedEventId: null, selectedIndex: null, detailOpen: false }),
  setDetailOpen: (detailOpen) => set({ detailOpen }),
  setTimeZone: (timeZone) => {
    try {
      localStorage.setItem('eventlens.timeZone', timeZone);
    } catch {
      // storage disabled
    }
    set({ timeZone });
  },
  setFollow: (follow) => set({ follow }),
  setStreamNewestFirst: (streamNewestFirst) => set({ streamNewestFirst }),
  setView: (view) => set({ view }),
  setBuilderOpen: (builderOpen) => set({ builderOpen }),
  openDialog: (dialog, instance = null) => set({ dialog, dialogInstance: instance }),
  closeDialog: () => set({ dialog: null, dialogInstance: null }),
}));
