import { useEffect, useState } from 'react';
import { useJobClient } from '../../client/job-context';
import type { SourceSnapshot } from '../../client/sources-client';

export type SourcesView =
  | { status: 'loading' }
  | { status: 'error'; error: string }
  | { status: 'ready'; sources: SourceSnapshot[] };

/**
 * The host's live sources, kept current by its pushes (a change of state, or what a source
 * read: at most once a second); looked up once when first shown.
 */
export function useSources(): SourcesView {
  const { sources } = useJobClient();
  const [view, setView] = useState<SourcesView>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    let pushed = false;
    const off = sources.subscribe((list) => {
      pushed = true;
      setView({ status: 'ready', sources: list });
    });
    void sources.list().then((answer) => {
      // A pushed list is newer than the answer to a lookup sent before it.
      if (!live || pushed) return;
      setView(
        answer.success
          ? { status: 'ready', sources: answer.data.sources }
          : { status: 'error', error: answer.error },
      );
    });
    return () => {
      live = false;
      off();
    };
  }, [sources]);
  return view;
}
