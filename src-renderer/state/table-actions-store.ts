import { create } from 'zustand';

/**
 * What the keys and the command palette do to the event table's selection: jump to the next
 * or previous event that matches the search (n / N, F3 / Shift+F3), open the selected event's
 * context (c: around it, s: in its stream), bookmark it (m) or jump to the next or previous
 * bookmarked event (' / Shift+'), step to the next or previous row with the keyboard in the
 * table (j / k from anywhere), or only put the keyboard there (Esc in the search box). The
 * table does them, since it holds the rows; it sets these while it is shown. Those that answer
 * false had nothing to do (and say why).
 */
export interface TableActions {
  jump: ((direction: 1 | -1) => boolean) | null;
  openContext: ((kind: 'around' | 'stream') => boolean) | null;
  mark: (() => boolean) | null;
  jumpMark: ((direction: 1 | -1) => boolean) | null;
  step: ((direction: 1 | -1) => void) | null;
  focus: (() => void) | null;
  set(actions: Omit<TableActions, 'set'>): void;
}

/** Every action unset: no table is shown. */
export const noTableActions: Omit<TableActions, 'set'> = {
  jump: null,
  openContext: null,
  mark: null,
  jumpMark: null,
  step: null,
  focus: null,
};

export const useTableActions = create<TableActions>((set) => ({
  ...noTableActions,
  set: (actions) => set(actions),
}));
