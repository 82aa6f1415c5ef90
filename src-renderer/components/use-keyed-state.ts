import { useCallback, useState, type SetStateAction } from 'react';
import { useLatest } from './use-latest';

/**
 * useState that starts over at `initial` whenever `key` changes (another instance, another
 * query, another run): the reset shows in the same render, with no frame of the old value and
 * no effect to clear it. A setter kept from an earlier key does nothing, so a late answer about
 * the old key is dropped rather than shown under the new one. `initial` should be a constant
 * (a primitive or a module-level object): the setter changes when it does.
 */
export function useKeyedState<T>(key: string, initial: T): [T, (next: SetStateAction<T>) => void] {
  const [state, setState] = useState({ key, value: initial });
  const shownKey = useLatest(key);
  const set = useCallback(
    (next: SetStateAction<T>) => {
      if (shownKey.current !== key) return;
      setState((s) => {
        const prev = s.key === key ? s.value : initial;
        return { key, value: typeof next === 'function' ? (next as (p: T) => T)(prev) : next };
      });
    },
    [key, initial, shownKey],
  );
  return [state.key === key ? state.value : initial, set];
}
