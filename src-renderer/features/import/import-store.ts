import { create } from 'zustand';
import type { ImportFileRef } from '../../client/import-client';
import { useQueryStore } from '../../state/query-store';
import { emptyDraft, type ImportDraft } from './spec-model';

export type ImportStep = 'files' | 'mapping' | 'job';

interface ImportState {
  open: boolean;
  step: ImportStep;
  files: ImportFileRef[];
  /** Files dropped on the window, waiting for the dialog to add them. */
  dropped: File[] | null;
  draft: ImportDraft;
  /** The running or finished import this dialog shows. */
  jobId: string | null;
  /** Opens the dialog; a new import goes into the selected instance (by id) unless told. */
  openDialog(instance?: string | null): void;
  /** A drop anywhere on the window: opens the dialog on its files step with the files. */
  drop(files: File[], instance?: string | null): void;
  takeDropped(): File[] | null;
  /**
   * Closes the dialog. Before an import starts that is Cancel: the files and the mapping are
   * forgotten (issue 19). A running or finished import stays, to be shown again.
   */
  close(): void;
  setStep(step: ImportStep): void;
  addFiles(files: ImportFileRef[]): void;
  removeFile(ref: string): void;
  setDraft(changes: Partial<ImportDraft>): void;
  setJob(jobId: string): void;
  /** Back to the start (a new import), keeping nothing. */
  reset(instance?: string | null): void;
}

export const useImportStore = create<ImportState>()((set, get) => ({
  open: false,
  step: 'files',
  files: [],
  dropped: null,
  draft: emptyDraft(),
  jobId: null,
  openDialog: (instance = selectedInstance()) => {
    const s = get();
    // A running or finished import stays on screen until the user starts another.
    if (s.jobId) return set({ open: true });
    set({
      open: true,
      draft: s.draft.instance ? s.draft : { ...s.draft, instance: instance ?? '' },
    });
  },
  drop: (files, instance = selectedInstance()) => {
    const s = get();
    if (s.jobId && s.step === 'job') get().reset(instance);
    set({ open: true, step: 'files', dropped: files });
    if (!get().draft.instance && instance) set({ draft: { ...get().draft, instance } });
  },
  takeDropped: () => {
    const files = get().dropped;
    if (files) set({ dropped: null });
    return files;
  },
  close: () => {
    if (get().step === 'job') set({ open: false });
    else set({ open: false, step: 'files', files: [], dropped: null, draft: emptyDraft() });
  },
  setStep: (step) => set({ step }),
  addFiles: (files) =>
    set((s) => {
      const draft =
        s.draft.instance === '' && files[0]
          ? { ...s.draft, instance: instanceNameOf(files[0].name) }
          : s.draft;
      return { files: [...s.files, ...files], draft };
    }),
  removeFile: (ref) => set((s) => ({ files: s.files.filter((f) => f.ref !== ref) })),
  setDraft: (changes) => set((s) => ({ draft: { ...s.draft, ...changes } })),
  setJob: (jobId) => set({ jobId, step: 'job' }),
  reset: (instance = selectedInstance()) =>
    set({ step: 'files', files: [], jobId: null, draft: emptyDraft(instance ?? '') }),
}));

/** The instance selected in the sidebar (an id; the mapping step shows its name). */
const selectedInstance = () => useQueryStore.getState().instance;

/** A default instance name from a file name: `access.log.gz` -> `access`. */
export function instanceNameOf(file: string): string {
  const base = file.replace(/\.gz$/iu, '').replace(/\.[A-Za-z0-9]{1,8}$/u, '');
  return base.slice(0, 100) || 'import';
}
