import { create } from 'zustand';

/**
 * What the keys and the command palette do to the event table's selection: jump to the next
 * or previous event that matches the search (n / N, F3 / Shift+F3), open the selected event's
 * context (c: around it, s: in its stream), bookmark it (m) or jump to the next or previous
 * bookmarked event (' / Shift+'). The table does them, since it holds the rows; it sets these
 * while it is shown. Each answers false when there was nothing to do (and says why).
 */
export interface TableActions {
  jump: ((direction: 1 | -1) => boolean) | null;
  openContext: ((kind: 'around' | 'stream') => boolean) | null;
  mark: (() => boolean) | null;
  jumpMark: ((direction: 1 | -1) => boolean) | null;
  set(actions: Pick<TableActions, 'jump' | 'openContext' | 'mark' | 'jumpMark'>): void;
}

export const useTableActions = create<TableActions>((set) => ({
  jump: null,
  openContext: null,
  mark: null,
  jumpMark: null,
  set: (actions) => set(actions),
}));
