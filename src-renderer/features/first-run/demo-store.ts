import { create } from 'zustand';

/** The demo load's progress; the app keeps the first-run screen up until the load is done. */
export const useDemoProgress = create<{ progress: { done: number; total: number } | null }>()(
  () => ({ progress: null }),
);
