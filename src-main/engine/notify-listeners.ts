/**
 * Calls every listener with `value`; one that throws is logged and the others still hear it
 * (a failing view must not stop the change from reaching the rest).
 */
export function notifyListeners<T>(listeners: Iterable<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (err) {
      console.error('change listener failed:', err);
    }
  }
}
