import { create } from 'zustand';
import { useMemo } from 'react';
import { useFieldCatalog } from '../query-builder/use-field-catalog';
import { detectSeverityField, kindOfField, type SeverityField } from './severity';

/**
 * What the rows are coloured by, per instance (kept in localStorage like the columns): `auto`
 * (the field detectSeverityField finds, if any), `none`, or a field the user chose.
 */
export type SeverityChoice = 'auto' | 'none' | { path: string };

const key = (instance: string) => `eventlens.severity.${instance}`;

function load(instance: string): SeverityChoice {
  try {
    const v = localStorage.getItem(key(instance));
    if (v === null || v === 'auto') return 'auto';
    if (v === 'none') return 'none';
    return { path: v };
  } catch {
    return 'auto';
  }
}

export const useSeverityStore = create<{
  byInstance: Record<string, SeverityChoice>;
  set(instance: string, choice: SeverityChoice): void;
}>()((set) => ({
  byInstance: {},
  set: (instance, choice) => {
    try {
      localStorage.setItem(key(instance), typeof choice === 'string' ? choice : choice.path);
    } catch {
      // storage disabled: the choice lasts this session
    }
    set((s) => ({ byInstance: { ...s.byInstance, [instance]: choice } }));
  },
}));

export function useSeverityChoice(instance: string | null): SeverityChoice {
  return useSeverityStore((s) =>
    instance === null ? 'none' : (s.byInstance[instance] ?? load(instance)),
  );
}

/** The field the rows of `instance` are coloured by now, and what auto would pick. */
export function useSeverityField(instance: string | null): {
  field: SeverityField | null;
  detected: SeverityField | null;
  choice: SeverityChoice;
} {
  const choice = useSeverityChoice(instance);
  const { fields } = useFieldCatalog(instance);
  const detected = useMemo(() => detectSeverityField(fields), [fields]);
  const field =
    choice === 'none'
      ? null
      : choice === 'auto'
        ? detected
        : { path: choice.path, kind: kindOfField(choice.path) };
  return { field, detected, choice };
}
