import {
  envelopeOperation,
  failureEnvelope,
  type FailureEnvelope,
} from '../../src-shared/contract/envelope';
import { structuralLimits } from '../../src-shared/contract/limits';
import type { WireEnvelope } from '../../src-shared/contract/operations';
import type { EventLogService } from '../engine/service';
import { isAppUrl } from './trusted-urls';

/** What the router needs to know about the caller of an IPC call. */
export interface IpcSender {
  /** The URL of the frame that sent the call; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** The frame is the top-level frame of its page (not an iframe). */
  isMainFrame: boolean;
  /** The page belongs to a window this app created (not a stray webContents). */
  isOurWindow: boolean;
}

/** Why a sender is refused, or null when it may call. */
export function senderRefusal(sender: IpcSender, appOrigin: string): string | null {
  if (!sender.isOurWindow) return 'the call does not come from an Eventlens window';
  if (sender.frameUrl === undefined) return 'the calling frame is gone';
  if (!sender.isMainFrame) return 'calls from embedded frames are refused';
  if (!isAppUrl(sender.frameUrl, appOrigin)) {
    return `calls from ${JSON.stringify(sender.frameUrl.slice(0, 200))} are refused`;
  }
  return null;
}

function refused(operation: unknown, error: string): FailureEnvelope<string> {
  return failureEnvelope(envelopeOperation(operation), 'UNAUTHORIZED', error);
}

/**
 * The one IPC router: checks who is calling, then lets the service validate the operation name
 * and parameters with the contract's zod schemas. Always answers with an envelope, never throws:
 * an exception crossing IPC would lose everything but its message.
 */
export function createIpcRouter(service: EventLogService, appOrigin: string) {
  return async (
    sender: IpcSender,
    operation: unknown,
    params: unknown,
    requestId?: unknown,
  ): Promise<WireEnvelope> => {
    const refusal = senderRefusal(sender, appOrigin);
    if (refusal) return refused(operation, `IPC refused: ${refusal}`);
    return service.call(operation, params, ipcRequestId(requestId));
  };
}

/**
 * The caller's requestId (so it can cancel the call), when it is a short string; anything else
 * is ignored and the service picks one.
 */
export function ipcRequestId(requestId: unknown): string | undefined {
  return typeof requestId === 'string' &&
    requestId.length > 0 &&
    requestId.length <= structuralLimits.maxRequestIdLength
    ? requestId
    : undefined;
}
