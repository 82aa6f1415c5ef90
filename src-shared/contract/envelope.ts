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
