/**
 * The closed set of error codes an envelope may carry. Callers branch on these, never on the
 * wording of `error`.
 */
export const errorCodes = [
  'VALIDATION_ERROR', // the parameters do not match the contract; nothing was done
  'NOT_FOUND', // the named instance (or other object) does not exist
  'CONFLICT', // a duplicate name, an id reused with other content, an expectedSequence mismatch
  'LIMIT_EXCEEDED', // a configured size limit (event bytes, batch length, ...) was exceeded
  'BUSY', // the database stayed locked longer than the busy timeout, or the server is full: retry
  'CANCELLED', // the caller cancelled a long-running call
  'UNAUTHORIZED', // a transport refused the caller (browser mode: token, Host or Origin)
  'STORAGE_ERROR', // SQLite failed (disk full, corrupt file, read-only, ...)
  'INTERNAL', // a bug: the message says what happened
] as const;

export type ErrorCode = (typeof errorCodes)[number];
