import type { ChangeListener } from '../../src-shared/contract/change-events';
import { failureEnvelope, type FailureEnvelope } from '../../src-shared/contract/envelope';
import type { ErrorCode } from '../../src-shared/contract/error-codes';
import type {
  CallOptions,
  EnvelopeFor,
  EventLogApi,
  OperationName,
  ParamsOf,
} from '../../src-shared/contract/operations';

/** How the client reaches the engine. The app never branches on it; it only shows it. */
export type TransportKind = 'electron' | 'http';

/**
 * The state of the change-event stream: `live` while changes arrive, `reconnecting` after the
 * stream dropped (the client retries by itself), `connecting` before the first contact.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** How a call can be followed and stopped. */
export interface ClientCallOptions {
  /** The call's requestId; default: a fresh random one. */
  requestId?: string;
  /**
   * Aborting it answers at once with a CANCELLED envelope and cancels the call in the engine
   * (`cancel({ requestId })`) — once the call is `cancelGraceMs` old, so that a query about to
   * finish is not stopped at the cost of a worker. TanStack Query aborts it when nobody wants
   * the answer any more.
   */
  signal?: AbortSignal;
}

/** The one typed interface the renderer talks to, over either transport. */
export interface EventLogClient extends EventLogApi {
  readonly transport: TransportKind;
  /** Any operation by name (the query cache keys queries by [operation, params]). */
  call<Op extends OperationName>(
    op: Op,
    params: ParamsOf<Op>,
    options?: ClientCallOptions,
  ): Promise<EnvelopeFor<Op>>;
  /** Every change made to the database, by anyone; returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void;
  connectionState(): ConnectionState;
  /** Called on every state change; a change back to `live` means events may have been missed. */
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
}

/** A failure the transport itself produced (the engine never saw the call). */
export function transportFailure<Op extends OperationName>(
  op: Op,
  code: ErrorCode,
  error: string,
): FailureEnvelope<Op> {
  return failureEnvelope(op, code, error);
}

/** A requestId no other window or tab will pick. */
export function newRequestId(): string {
  return crypto.randomUUID();
}

/** The answer to a call the caller cancelled (the engine was told; its answer is not awaited). */
export function cancelledFailure<Op extends OperationName>(op: Op, requestId: string) {
  return { ...transportFailure(op, 'CANCELLED', 'the query was cancelled'), requestId };
}

export type { CallOptions };
