import { create } from 'zustand';

/**
 * The table's columns: the fixed ones (which can be hidden) and extra payload/metadata columns
 * chosen in the column chooser. Kept per instance in localStorage, so each log keeps its view.
 */
export const fixedColumns = [
  { id: 'timestamp', label: 'Time', size: 196 },
  { id: 'stream_id', label: 'Stream', size: 150 },
  { id: 'event_type', label: 'Type', size: 150 },
  { id: 'sequence_number', label: 'Seq', size: 64 },
] as const;
export type FixedColumnId = (typeof fixedColumns)[number]['id'];

export interface ColumnChoice {
  hidden: FixedColumnId[];
  /** DSL fields (payload.x, metadata.y) shown as columns, in order. */
  extra: string[];
}

const empty: ColumnChoice = { hidden: [], extra: [] };
const key = (instance: string) => `eventlens.columns.${instance}`;

function load(instance: string): ColumnChoice {
  try {
    const v = JSON.parse(localStorage.getItem(key(instance)) ?? 'null') as ColumnChoice | null;
    if (v && Array.isArray(v.hidden) && Array.isArray(v.extra)) return v;
  } catch {
    // unreadable: start over
  }
  return empty;
}

export const useColumnsStore = create<{
  byInstance: Record<string, ColumnChoice>;
  get(instance: string): ColumnChoice;
  set(instance: string, choice: ColumnChoice): void;
}>()((set, get) => ({
  byInstance: {},
  get: (instance) => get().byInstance[instance] ?? load(instance),
  set: (instance, choice) => {
    try {
      localStorage.setItem(key(instance), JSON.stringify(choice));
    } catch {
      // storage disabled
    }
    set((s) => ({ byInstance: { ...s.byInstance, [instance]: choice } }));
  },
}));

export function useColumnChoice(instance: string | null): ColumnChoice {
  return useColumnsStore((s) =>
    instance === null ? empty : (s.byInstance[instance] ?? s.get(instance)),
  );
}
