import { useCallback, useEffect, useState } from 'react';
import {
  readHistory,
  recordRun,
  writeHistory,
  historyStorageKey,
  type HistoryEntry,
} from './history-model';

const listeners = new Set<(h: HistoryEntry[]) => void>();
let cache: HistoryEntry[] | null = null;

function load(): HistoryEntry[] {
  cache ??= readHistory(window.localStorage);
  return cache;
}

function save(next: HistoryEntry[]): void {
  cache = next;
  writeHistory(window.localStorage, next);
  for (const l of listeners) l(next);
}

/** Adds a run to the local history (see history-model.ts for what is kept and why). */
export function addToHistory(entry: HistoryEntry): void {
  save(recordRun(load(), entry));
}

/** The query history of this profile, newest first; other tabs' runs arrive via `storage`. */
export function useHistory(): { entries: HistoryEntry[]; clear(): void } {
  const [entries, setEntries] = useState<HistoryEntry[]>(load);
  useEffect(() => {
    listeners.add(setEntries);
    const onStorage = (e: StorageEvent) => {
      if (e.key !== historyStorageKey) return;
      cache = null;
      setEntries(load());
    };
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(setEntries);
      window.removeEventListener('storage', onStorage);
    };
  }, []);
  const clear = useCallback(() => save([]), []);
  return { entries, clear };
}
