import { create } from 'zustand';

/** Whether the Sources dialog is open, and the instance a new source goes into by default. */
export const useSourcesStore = create<{
  open: boolean;
  /** The instance (id) the add form starts with: the one selected when the dialog opened. */
  instance: string | null;
  openDialog(instance?: string | null): void;
  close(): void;
}>()((set) => ({
  open: false,
  instance: null,
  openDialog: (instance = null) => set({ open: true, instance }),
  close: () => set({ open: false }),
}));
