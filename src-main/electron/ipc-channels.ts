import type { BridgeCall, BridgeGroup } from '../../src-shared/contract/bridge';

/**
 * IPC channel names, shared by main and preload; plain constants (no electron, no zod: the
 * sandboxed preload bundles this file). One scheme: `eventlens:<name>` for the operations and
 * main's pushes, `eventlens:<group>.<call>` for the job layer's calls, named exactly as on
 * `window.eventlens` (`eventlens:imports.saveReport` is `window.eventlens.imports.saveReport`).
 */
export const ipcChannels = {
  /** invoke(operation, params, requestId): answers the operation's envelope. */
  call: 'eventlens:call',
  /** main -> every window: a ChangeEvent. */
  change: 'eventlens:change',
  /** main -> every window: a JobSnapshot. */
  job: 'eventlens:job',
  /** main -> every window: the live sources (SourceSnapshot[]) whenever one changes. */
  sources: 'eventlens:sources',
} as const;

/** The channel of a job-layer call: `groupChannel('imports', 'saveReport')`. */
export function groupChannel<G extends BridgeGroup>(
  group: G,
  call: BridgeCall<G>,
): `eventlens:${G}.${string}` {
  return `eventlens:${group}.${call}`;
}
