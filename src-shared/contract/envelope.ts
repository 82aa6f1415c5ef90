import type { ErrorCode } from './error-codes';

/** Every operation answers with one envelope; expected failures are values, never exceptions. */
export interface SuccessEnvelope<Op extends string, Data> {
  type: `eventLog.${Op}`;
  success: true;
  data: Data;
  message?: string;
  timestamp: string;
  requestId: string;
}

export interface FailureEnvelope<Op extends string> {
  type: `eventLog.${Op}`;
  success: false;
  /** A sentence a person can act on; it names the offending input by path. */
  error: string;
  message?: string;
  code: ErrorCode;
  /** Extra facts for programs, e.g. `{ actualSequence }` for an expectedSequence conflict. */
  details?: Record<string, unknown>;
  timestamp: string;
  requestId: string;
}

export type EnvelopeOf<Op extends string, Data> = SuccessEnvelope<Op, Data> | FailureEnvelope<Op>;

/** Errors are sentences, never dumps: one longer than this is cut (its start names the input). */
const maxErrorLength = 64 * 1024;

/**
 * A failed envelope. Every failure any side answers is built here: the engine's, a transport's
 * refusal, the CLI's bad line, the client's own.
 */
export function failureEnvelope<Op extends string>(
  op: Op,
  code: ErrorCode,
  error: string,
  extra: { requestId?: string; details?: Record<string, unknown> } = {},
): FailureEnvelope<Op> {
  const envelope: FailureEnvelope<Op> = {
    type: `eventLog.${op}`,
    success: false,
    error: error.length > maxErrorLength ? `${error.slice(0, 2000)}…` : error,
    code,
    timestamp: new Date().toISOString(),
    requestId: extra.requestId ?? '',
  };
  if (extra.details) envelope.details = extra.details;
  return envelope;
}

/**
 * An operation name from a caller, fit for an envelope's `type`: one word of at most 40
 * letters, else `unknown`, so that no caller text is echoed there.
 */
export function envelopeOperation(name: unknown): string {
  return typeof name === 'string' && /^[A-Za-z]{1,40}$/u.test(name) ? name : 'unknown';
}
