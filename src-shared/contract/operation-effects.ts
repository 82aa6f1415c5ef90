import type { ChangeEvent } from './change-events';
import type { OperationName } from './operations';

/**
 * What an answer depends on and what a change touches:
 *   instanceList  which instances exist, with their names and descriptions (the whole file)
 *   instance      one instance's record: that it exists, its name and description
 *   events        one instance's events (and so its streams, counts and fields)
 * A name resolves through `instance`: renaming one makes every read that named it stale.
 */
export type DataScope = 'instanceList' | 'instance' | 'events';

export type ChangeKind = ChangeEvent['kind'];

/** What each change event changes; `instance` and `events` are those of the instance it names. */
export const changeScopes: { readonly [K in ChangeKind]: readonly DataScope[] } = {
  instanceCreated: ['instanceList', 'instance'],
  instanceUpdated: ['instanceList', 'instance'],
  instanceDeleted: ['instanceList', 'instance', 'events'],
  eventsAppended: ['events'],
};

export interface OperationEffects {
  /** What the answer depends on: a cached answer is stale after a change of any of these. */
  reads: readonly DataScope[];
  /** The change events a successful call may emit (the service's tests hold it to this). */
  emits: readonly ChangeKind[];
}

/**
 * What each operation reads and changes. The renderer's query cache invalidates by `reads`;
 * an operation added to the contract is a compile error here until it says both.
 */
export const operationEffects: { readonly [Op in OperationName]: OperationEffects } = {
  createInstance: { reads: ['instanceList'], emits: ['instanceCreated'] },
  getInstance: { reads: ['instance'], emits: [] },
  listInstances: { reads: ['instanceList'], emits: [] },
  updateInstance: { reads: ['instanceList', 'instance'], emits: ['instanceUpdated'] },
  deleteInstance: { reads: ['instance', 'events'], emits: ['instanceDeleted'] },
  // autoCreateInstance creates the instance first.
  appendEvent: { reads: ['instance', 'events'], emits: ['instanceCreated', 'eventsAppended'] },
  appendEvents: { reads: ['instance', 'events'], emits: ['instanceCreated', 'eventsAppended'] },
  queryEvents: { reads: ['instance', 'events'], emits: [] },
  getInstanceStats: { reads: ['instance', 'events'], emits: [] },
  listStreams: { reads: ['instance', 'events'], emits: [] },
  describeFields: { reads: ['instance', 'events'], emits: [] },
  cancel: { reads: [], emits: [] },
};
