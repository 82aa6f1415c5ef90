import type { Instance } from './records';

export interface StreamAppend {
  streamId: string;
  /** Events appended to this stream by the change. */
  count: number;
  lastSequence: number;
}

/** What main pushes to every window so views refresh themselves. */
export type ChangeEvent =
  | { kind: 'instanceCreated'; instance: Instance }
  | { kind: 'instanceUpdated'; instance: Instance }
  | { kind: 'instanceDeleted'; instanceId: string; deletedEvents: number }
  | { kind: 'eventsAppended'; instanceId: string; count: number; streams: StreamAppend[] };

/** Hears every change (the engine's service and feed, the renderer's client). */
export type ChangeListener = (change: ChangeEvent) => void;
