import type { StoreApi, UseBoundStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';

/**
 * The named fields of a zustand store, as one object: `const { follow, setFollow } =
 * usePick(useUiStore, 'follow', 'setFollow')`. The component re-renders only when one of them
 * changes (a shallow compare), as it would with one selector a field. A derived value
 * (`s.where.length > 0`) keeps its own selector.
 */
export function usePick<S extends object, K extends keyof S>(
  useStore: UseBoundStore<StoreApi<S>>,
  ...keys: K[]
): Pick<S, K> {
  return useStore(
    useShallow((s: S) => {
      const picked = {} as Pick<S, K>;
      for (const key of keys) picked[key] = s[key];
      return picked;
    }),
  );
}
