import { useCallback } from 'react';
import type { JobClient } from '../../client/job-client';
import { useJobClient } from '../../client/job-context';
import { useQueryStore } from '../../state/query-store';
import { useToast } from '../../state/toast-store';
import { useOpenStore } from './open-store';

/**
 * Opens files by their refs with the host (open-files.ts): selects the first instance that has
 * (or is getting) the file's events, so its table shows as soon as the first batch lands; files
 * opened before that grew wait for the user's answer (ContinueDialog); failures are told.
 */
export async function openRefs(
  jobs: JobClient,
  refs: string[],
  options: { into?: string; continue?: boolean } = {},
): Promise<void> {
  const answer = await jobs.imports.open({ files: refs, ...options });
  const toast = useToast.getState().show;
  if (!answer.success) return toast(answer.error);
  const shown = answer.data.find((a) => a.outcome !== 'offer' && a.instanceId !== undefined);
  if (shown?.instanceId) useQueryStore.getState().setInstance(shown.instanceId);
  const failed = answer.data.filter((a) => a.outcome === 'failed');
  if (failed.length > 0) toast(failed.map((a) => `${a.name}: ${a.error}`).join('; '));
  const reopened = answer.data.filter((a) => a.outcome === 'reopened');
  if (reopened.length > 0 && options.continue === undefined) {
    toast(`${reopened.map((a) => a.name).join(', ')}: opened before; nothing new to import`);
  }
  useOpenStore
    .getState()
    .ask(
      answer.data.flatMap((a, i) =>
        a.outcome === 'offer'
          ? [{ ref: refs[i]!, answer: a, ...(options.into ? { into: options.into } : {}) }]
          : [],
      ),
    );
}

/** Opens files from a drop (uploaded first in browser mode; by their path in the desktop app). */
export function useOpenFiles(): (files: File[], into?: string) => Promise<void> {
  const jobs = useJobClient();
  return useCallback(
    async (files, into) => {
      const added = await jobs.imports.add(files);
      if (!added.success) return useToast.getState().show(added.error);
      await openRefs(
        jobs,
        added.data.map((f) => f.ref),
        into ? { into } : {},
      );
    },
    [jobs],
  );
}
