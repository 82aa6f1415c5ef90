import { create } from 'zustand';

/**
 * Whether the instance list shows the app's own instances (`_eventlens`, which holds the saved
 * queries). Hidden by default; they are ordinary data when asked for (browsed, queried and
 * exported like any other). The command palette follows the same choice.
 */
export const useSystemInstances = create<{ show: boolean; setShow(show: boolean): void }>()(
  (set) => ({ show: false, setShow: (show) => set({ show }) }),
);
