import { create } from 'zustand';
import type { Instance } from '../../../src-shared/contract/records';
import { isSystemInstance } from './saved-queries-model';

/**
 * The app's own instance (`_eventlens`, which holds the saved queries) is hidden from the
 * instance list, palette and first-run check, unless the user asks to see it (it is ordinary
 * data: its events can be browsed, queried and exported like any other).
 */
export const useSystemInstances = create<{ show: boolean; setShow(show: boolean): void }>()(
  (set) => ({ show: false, setShow: (show) => set({ show }) }),
);

export function visibleInstances(instances: readonly Instance[], showSystem: boolean): Instance[] {
  return showSystem ? [...instances] : instances.filter((i) => !isSystemInstance(i));
}

export function hiddenCount(instances: readonly Instance[]): number {
  return instances.filter(isSystemInstance).length;
}
