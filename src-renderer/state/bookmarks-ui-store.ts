import { create } from 'zustand';

/** The event a bookmark is being added to or edited on (what the editor shows). */
export interface BookmarkTarget {
  instanceId: string;
  eventId: string;
  stream: string;
  sequence: number;
  /** ISO 8601, as events carry it. */
  timestamp: string;
  eventType: string;
}

/**
 * The bookmarks' UI state that the table, the keys, the palette and the bookmarks feature share:
 * the note/colour editor's event (`m`, a click on a row's mark) and whether the Bookmarks panel
 * is open (the palette opens it). The bookmarks themselves are data, read with useBookmarks.
 */
interface BookmarksUiState {
  editing: BookmarkTarget | null;
  /** `m` on a bookmarked event focuses "Remove", so `m` then Enter unmarks. */
  focusRemove: boolean;
  panelOpen: boolean;
  edit(target: BookmarkTarget, focusRemove?: boolean): void;
  closeEditor(): void;
  setPanelOpen(open: boolean): void;
}

export const useBookmarksUi = create<BookmarksUiState>()((set) => ({
  editing: null,
  focusRemove: false,
  panelOpen: false,
  edit: (editing, focusRemove = false) => set({ editing, focusRemove }),
  closeEditor: () => set({ editing: null }),
  setPanelOpen: (panelOpen) => set({ panelOpen }),
}));
