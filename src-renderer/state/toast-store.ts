import { create } from 'zustand';

/** One short message at a time ("Copied payload.user.id"); <Toast> shows it for a few seconds. */
export const useToast = create<{
  message: string | null;
  at: number;
  show(message: string): void;
}>()((set) => ({ message: null, at: 0, show: (message) => set({ message, at: Date.now() }) }));
