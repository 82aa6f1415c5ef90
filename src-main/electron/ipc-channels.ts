/** IPC channel names, shared by main and preload. Plain constants: no electron import. */
export const ipcChannels = {
  /** invoke(operation, params): one validating router in main answers with the envelope. */
  call: 'eventlens:call',
  /** main -> every window: a ChangeEvent. */
  change: 'eventlens:change',
} as const;
