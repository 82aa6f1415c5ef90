import { randomUUID } from 'node:crypto';
import type { ChangeEvent, ChangeListener } from '../../src-shared/contract/change-events';
import {
  envelopeOperation,
  failureEnvelope,
  type SuccessEnvelope,
} from '../../src-shared/contract/envelope';
import {
  fastAppendEventParams,
  fastAppendEventsParams,
} from '../../src-shared/contract/fast-validate';
import { describeIssues } from '../../src-shared/contract/issues';
import { instanceMirrorStatus, type MirrorStatus } from '../../src-shared/contract/mirror-status';
import {
  isOperationName,
  operationNames,
  paramsSchemas,
  type AnyEnvelope,
  type CallOptions,
  type WireEnvelope,
  type EnvelopeFor,
  type EventLogApi,
  type OperationData,
  type OperationName,
  type ValidParamsOf,
} from '../../src-shared/contract/operations';
import { batchPath, singlePath } from './pending-events';
import type { Engine } from './engine';
import { classifySqliteError, EngineError } from './errors';
import { toInstance } from './instances';
import { cancelled, InlineQueryRunner, type QueryRunner } from './query/query-runner';
import { notifyListeners } from './notify-listeners';

/** How long a cancel that arrived before its query still applies, and how many are kept. */
const earlyCancelMs = 30_000;
const maxEarlyCancels = 1_000;

interface CallContext {
  requestId: string;
}

type Handlers = {
  [Op in OperationName]: (
    params: ValidParamsOf<Op>,
    context: CallContext,
  ) => OperationData[Op] | Promise<OperationData[Op]>;
};

export interface ServiceOptions {
  /** How queryEvents runs (default: inline on the engine's connection). */
  queryRunner?: QueryRunner;
  /** The host's columnar mirror, whose progress getInstanceStats reports (default: none). */
  mirrorStatus?: () => MirrorStatus;
}

/**
 * The operations (the nine and the [ext] ones) as envelopes. Expected failures are values;
 * nothing here throws.
 */
export class EventLogService {
  private readonly listeners = new Set<ChangeListener>();
  /** The typed client API, for in-process callers and the contract tests. */
  readonly api: EventLogApi;

  readonly queryRunner: QueryRunner;
  private readonly mirrorStatus: (() => MirrorStatus) | undefined;

  constructor(
    readonly engine: Engine,
    options: ServiceOptions = {},
  ) {
    this.queryRunner = options.queryRunner ?? new InlineQueryRunner(engine);
    this.mirrorStatus = options.mirrorStatus;
    this.api = Object.fromEntries(
      operationNames.map((op) => [
        op,
        (params: unknown, options?: CallOptions) => this.call(op, params, options?.requestId),
      ]),
    ) as unknown as EventLogApi;
  }

  /**
   * Cancels a running or queued queryEvents call by the requestId it was made with; that call
   * answers with code CANCELLED. False when no such query is in flight.
   */
  cancel(requestId: string): boolean {
    if (this.queryRunner.cancel(requestId)) return true;
    // The cancel may overtake its query (over HTTP they are two requests): remember it briefly,
    // so the query is refused when it arrives.
    const now = Date.now();
    for (const [id, at] of this.earlyCancels) {
      if (now - at > earlyCancelMs || this.earlyCancels.size >= maxEarlyCancels) {
        this.earlyCancels.delete(id);
      }
    }
    this.earlyCancels.set(requestId, now);
    return false;
  }

  /** requestId -> when a cancel arrived for a query not (yet) in flight. */
  private readonly earlyCancels = new Map<string, number>();

  /** Listens to changes made through this service (see ChangeFeed for other processes). */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs one operation. `operation` may be `createInstance` or `eventLog.createInstance`;
   * `params` is untrusted input.
   */
  async call(operation: unknown, params: unknown, requestId?: string): Promise<WireEnvelope> {
    const id = typeof requestId === 'string' && requestId.length > 0 ? requestId : randomUUID();
    const op = typeof operation === 'string' ? operation.replace(/^eventLog\./u, '') : '';
    if (!isOperationName(op)) {
      const shown = typeof operation === 'string' ? operation.slice(0, 100) : typeof operation;
      return failureEnvelope(
        envelopeOperation(op),
        'VALIDATION_ERROR',
        `type: unknown operation "${shown}" (expected one of ${operationNames.join(', ')})`,
        { requestId: id },
      );
    }
    return (await this.run(op, params ?? {}, id)) as AnyEnvelope;
  }

  private async run<Op extends OperationName>(
    op: Op,
    params: unknown,
    requestId: string,
  ): Promise<EnvelopeFor<Op>> {
    try {
      if (op === 'appendEvents') precheckBatch(params, this.engine.limits.maxBatchEvents);
      let valid: unknown = fastPaths[op]?.(params) ?? null;
      if (valid === null) {
        const parsed = paramsSchemas[op].safeParse(params);
        if (!parsed.success) {
          return failureEnvelope(op, 'VALIDATION_ERROR', describeIssues(parsed.error.issues), {
            requestId,
          });
        }
        valid = parsed.data;
      }
      const handler = this.handlers[op] as (
        p: unknown,
        context: CallContext,
      ) => OperationData[Op] | Promise<OperationData[Op]>;
      const data = await handler(valid, { requestId });
      const envelope: SuccessEnvelope<Op, OperationData[Op]> = {
        type: `eventLog.${op}`,
        success: true,
        data,
        timestamp: new Date().toISOString(),
        requestId,
      };
      return envelope;
    } catch (err) {
      if (err instanceof EngineError) {
        return failureEnvelope(op, err.code, err.message, { requestId, details: err.details });
      }
      const sqlite = classifySqliteError(err);
      if (sqlite) return failureEnvelope(op, sqlite.code, sqlite.message, { requestId });
      if (process.env.EVENTLENS_DEBUG) console.error(err);
      return failureEnvelope(
        op,
        'INTERNAL',
        `internal error: ${(err as Error)?.message ?? String(err)}`,
        { requestId },
      );
    }
  }

  private emit(change: ChangeEvent): void {
    notifyListeners(this.listeners, change);
  }

  private readonly handlers: Handlers = {
    createInstance: ({ name, description }) => {
      const instance = toInstance(this.engine.createInstance(name, description));
      this.emit({ kind: 'instanceCreated', instance });
      return { instance };
    },
    getInstance: ({ instanceId }) => ({
      instance: toInstance(this.engine.instances.require(instanceId)),
    }),
    listInstances: () => ({ instances: this.engine.instances.list().map(toInstance) }),
    updateInstance: ({ instanceId, ...changes }) => {
      const instance = toInstance(this.engine.updateInstance(instanceId, changes));
      this.emit({ kind: 'instanceUpdated', instance });
      return { instance };
    },
    deleteInstance: ({ instanceId }) => {
      const { row, deletedEvents } = this.engine.deleteInstance(instanceId);
      this.emit({ kind: 'instanceDeleted', instanceId: row.id, deletedEvents });
      return { instance: toInstance(row), deletedEvents };
    },
    appendEvent: ({ instanceId, autoCreateInstance, ...event }) => {
      const result = this.engine.append(
        instanceId,
        [event],
        autoCreateInstance ?? false,
        singlePath,
      );
      this.emitAppend(result);
      return { event: result.events[0]! };
    },
    appendEvents: ({ instanceId, events, autoCreateInstance }) => {
      const result = this.engine.append(instanceId, events, autoCreateInstance ?? false, batchPath);
      this.emitAppend(result);
      return { events: result.events, count: result.events.length };
    },
    queryEvents: async ({ query }, { requestId }) => {
      const early = this.earlyCancels.get(requestId);
      if (early !== undefined) {
        this.earlyCancels.delete(requestId);
        if (Date.now() - early <= earlyCancelMs) throw cancelled();
      }
      return { result: await this.queryRunner.run(query, { requestId }) };
    },
    getInstanceStats: ({ instanceId }) => {
      const stats = this.engine.stats(instanceId);
      const mirror =
        this.mirrorStatus &&
        instanceMirrorStatus(this.mirrorStatus(), stats.instanceId, stats.eventCount);
      return mirror ? { ...stats, mirror } : stats;
    },
    listStreams: ({ instanceId, ...options }) => this.engine.listStreams(instanceId, options),
    describeFields: ({ instanceId }) => this.engine.describeFields(instanceId),
    cancel: ({ requestId }) => ({ cancelled: this.cancel(requestId) }),
  };

  private emitAppend(result: ReturnType<Engine['append']>): void {
    if (result.instanceCreated)
      this.emit({ kind: 'instanceCreated', instance: toInstance(result.instance) });
    if (result.appended > 0) {
      this.emit({
        kind: 'eventsAppended',
        instanceId: result.instance.id,
        count: result.appended,
        streams: result.streams,
      });
    }
  }
}

/**
 * Hand-written checks for the append hot path: they accept only what the schema accepts (or
 * answer null, and the schema decides and words the error). See fast-validate.ts.
 */
const fastPaths: Partial<Record<OperationName, (params: unknown) => unknown>> = {
  appendEvents: fastAppendEventsParams,
  appendEvent: fastAppendEventParams,
};

/** A batch over the limit is refused before its events are validated one by one. */
function precheckBatch(params: unknown, maxBatchEvents: number): void {
  const events = (params as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > maxBatchEvents) {
    throw new EngineError(
      'LIMIT_EXCEEDED',
      `events: ${events.length} events in one batch; the limit is ${maxBatchEvents}. Split the batch.`,
    );
  }
}
