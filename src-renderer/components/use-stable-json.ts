import { useMemo } from 'react';

/**
 * `value` as one object for as long as its JSON text stays the same: for plain data rebuilt on
 * every render (a query, a list of column sizes) that callbacks and effects should follow only
 * when what it says changes. JSON-only data: `undefined` members are dropped.
 */
export function useStableJson<T extends object | null>(value: T): T {
  const text = JSON.stringify(value);
  return useMemo(() => JSON.parse(text) as T, [text]);
}
