import {
  envelopeOperation,
  failureEnvelope,
  type FailureEnvelope,
} from '../../src-shared/contract/envelope';
import { structuralLimits } from '../../src-shared/contract/limits';
import type { WireEnvelope } from '../../src-shared/contract/operations';
import type { EventLogService } from '../engine/service';
import { ipcEntry, type IpcEntry } from './ipc-table';

function refused(operation: unknown, error: string): FailureEnvelope<string> {
  return failureEnvelope(envelopeOperation(operation), 'UNAUTHORIZED', error);
}

/**
 * The operations over IPC (`eventlens:call`), as an entry of the IPC table, which has checked
 * who is calling; the service validates the operation name and parameters with the contract's
 * zod schemas. Always answers with an envelope, never throws.
 */
export function operationCall(service: EventLogService): IpcEntry<WireEnvelope> {
  return ipcEntry({
    parse: (raw) =>
      raw.length <= 3
        ? { ok: true, value: raw }
        : { ok: false, error: 'expected (operation, params, requestId)' },
    fail: (code, error, [operation]) => ({ ...refused(operation, error), code }),
    handle: (_caller, [operation, params, requestId]) =>
      service.call(operation, params, ipcRequestId(requestId)),
  });
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
