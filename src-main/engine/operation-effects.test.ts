import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src-shared/contract/change-events';
import { operationEffects } from '../../src-shared/contract/operation-effects';
import type { OperationName, ParamsOf } from '../../src-shared/contract/operations';
import { ok } from '../test-support/envelopes';
import { Engine } from './engine';
import { EventLogService } from './service';

/**
 * The operation table's `emits` holds for the real service: each call emits only the change
 * events its entry declares, and every declared one is emitted by some call. The renderer's
 * cache invalidates by that table, so a change the table does not declare would leave views
 * stale. A new operation is a compile error here until it has calls.
 */
const calls: { [Op in OperationName]: ParamsOf<Op>[] } = {
  createInstance: [{ name: 'shop' }],
  getInstance: [{ instanceId: 'shop' }],
  listInstances: [{}],
  updateInstance: [{ instanceId: 'shop', description: 'the shop' }],
  appendEvent: [
    { instanceId: 'shop', streamId: 's', eventType: 't' },
    { instanceId: 'new-1', streamId: 's', eventType: 't', autoCreateInstance: true },
  ],
  appendEvents: [
    { instanceId: 'shop', events: [{ streamId: 's', eventType: 't' }] },
    { instanceId: 'new-2', events: [{ streamId: 's', eventType: 't' }], autoCreateInstance: true },
  ],
  queryEvents: [{ query: { from: { instance: 'shop' } } }],
  getInstanceStats: [{ instanceId: 'shop' }],
  listStreams: [{ instanceId: 'shop' }],
  describeFields: [{ instanceId: 'shop' }],
  cancel: [{ requestId: 'nothing-running' }],
  deleteInstance: [{ instanceId: 'new-1' }],
};

describe('operation effects', () => {
  it('each operation emits exactly the change events its table entry declares', async () => {
    const engine = Engine.open(':memory:');
    const service = new EventLogService(engine);
    const seen: ChangeEvent[] = [];
    service.onChange((change) => seen.push(change));
    try {
      for (const op of Object.keys(calls) as OperationName[]) {
        const emitted = new Set<string>();
        for (const params of calls[op]) {
          seen.length = 0;
          ok(await service.call(op, params));
          for (const change of seen) emitted.add(change.kind);
        }
        expect([...emitted].sort(), op).toEqual([...operationEffects[op].emits].sort());
      }
    } finally {
      engine.close();
    }
  });
});
