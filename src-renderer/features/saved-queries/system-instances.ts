import type { Instance } from '../../../src-shared/contract/records';
import { isSystemInstance } from './saved-queries-model';

/**
 * The app's own instance (`_eventlens`: saved queries, bookmarks) is hidden from the
 * instance list, palette and first-run check, unless the user asks to see it
 * (instances/system-instances-store.ts).
 */
export function visibleInstances(instances: readonly Instance[], showSystem: boolean): Instance[] {
  return showSystem ? [...instances] : instances.filter((i) => !isSystemInstance(i));
}

export function hiddenCount(instances: readonly Instance[]): number {
  return instances.filter(isSystemInstance).length;
}
