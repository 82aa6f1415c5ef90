import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * A ref that holds the latest committed `value`, for code that runs later — an event listener,
 * a timer, a callback kept by a library — and must see the current props without being
 * re-created. It is written after each commit, not while rendering: a render may be thrown away
 * or repeated, and a ref written there could hold props that never reached the screen.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
