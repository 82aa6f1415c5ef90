import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ImportPreview } from '../../../src-shared/contract/import-spec';
import { useJobClient } from '../../client/job-context';
import type { ImportRequestBody } from '../../client/import-client';

/** A value that follows `value` once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return current;
}

/** The files part of a request key (the refs, in order). */
const filesOf = (key: string | null) =>
  key === null ? null : (JSON.parse(key) as ImportRequestBody).files.join(' ');

/**
 * The preview of the current mapping: the host reads the start of the files on a worker and maps
 * it, writing nothing. Asked again 250 ms after the last edit; the previous preview stays on
 * screen meanwhile (no flicker), but only while it is of the same files: another file's preview
 * is never shown, not even for the debounce's 250 ms (issue 19).
 */
export function useImportPreview(request: ImportRequestBody | null) {
  const { imports } = useJobClient();
  const latest = request ? JSON.stringify(request) : null;
  const key = useDebounced(latest, 250);
  const query = useQuery<ImportPreview, Error>({
    queryKey: ['importPreview', key],
    enabled: key !== null,
    placeholderData: (previous, previousQuery) =>
      previousQuery && filesOf(previousQuery.queryKey[1] as string | null) === filesOf(key)
        ? keepPreviousData(previous)
        : undefined,
    retry: false,
    staleTime: Infinity,
    gcTime: 60_000,
    queryFn: async () => {
      const answer = await imports.preview(JSON.parse(key!) as ImportRequestBody);
      if (!answer.success) throw new Error(answer.error);
      return answer.data;
    },
  });
  // `pending`: an edit not yet sent (the debounce), so the preview on screen is not the latest.
  if (filesOf(key) !== filesOf(latest))
    return { ...query, data: undefined, error: null, isFetching: true, pending: true };
  return { ...query, pending: key !== latest };
}
