import { useOperation } from '../../client/use-operation';
import { analysisIndexView, type AnalysisIndexView } from './analysis-index-model';

/** How often the stats are asked again while the analysis index moves. */
const pollMs = 1_000;

/**
 * The analysis index (columnar mirror) of an instance, from getInstanceStats: asked again
 * every second while it is checked or built, then only when the stats change (change events).
 * Shares the status bar's stats query.
 */
export function useAnalysisIndex(instanceId: string | null | undefined): AnalysisIndexView | null {
  const stats = useOperation(
    'getInstanceStats',
    { instanceId: instanceId ?? '' },
    {
      enabled: Boolean(instanceId),
      refetchInterval: (query) =>
        analysisIndexView(query.state.data?.mirror)?.busy ? pollMs : false,
    },
  );
  if (!instanceId || !stats.data) return null;
  return analysisIndexView(stats.data.mirror, stats.data.mirrorSizeBytes);
}
