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

/**
 * The preview of the current mapping: the host reads the start of the files on a worker and maps
 * it, writing nothing. Asked again 250 ms after the last edit; the previous preview stays on
 * screen meanwhile (no flicker).
 */
export function useImportPreview(request: ImportRequestBody | null) {
  const { imports } = useJobClient();
  const latest = request ? JSON.stringify(request) : null;
  const key = useDebounced(latest, 250);
  const query = useQuery<ImportPreview, Error>({
    queryKey: ['importPreview', key],
    enabled: key !== null,
    placeholderData: keepPreviousData,
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
  return { ...query, pending: key !== latest };
}
