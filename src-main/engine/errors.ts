import type { ErrorCode } from '../../src-shared/contract/error-codes';

/**
 * An expected failure inside the engine. The service turns it into a failed envelope; anything
 * else that is thrown is a bug (INTERNAL) or a SQLite failure (STORAGE_ERROR / BUSY).
 */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** A database that cannot be opened: corrupt, not ours, or newer than this build. */
export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

interface SqliteErrorLike {
  code?: unknown;
  message?: unknown;
}

/** Maps what better-sqlite3 throws to an error code and a sentence. */
export function classifySqliteError(err: unknown): { code: ErrorCode; message: string } | null {
  const e = err as SqliteErrorLike;
  if (typeof e?.code !== 'string' || !e.code.startsWith('SQLITE_')) return null;
  const detail = typeof e.message === 'string' ? e.message : e.code;
  if (e.code.startsWith('SQLITE_BUSY') || e.code.startsWith('SQLITE_LOCKED')) {
    return {
      code: 'BUSY',
      message: `the database is busy (another process holds the write lock): ${detail}`,
    };
  }
  if (e.code === 'SQLITE_INTERRUPT')
    return { code: 'CANCELLED', message: 'the query was cancelled' };
  if (e.code === 'SQLITE_FULL')
    return { code: 'STORAGE_ERROR', message: `the disk is full: ${detail}` };
  if (e.code.startsWith('SQLITE_READONLY')) {
    return { code: 'STORAGE_ERROR', message: `the database is read-only: ${detail}` };
  }
  if (e.code.startsWith('SQLITE_CORRUPT') || e.code === 'SQLITE_NOTADB') {
    return { code: 'STORAGE_ERROR', message: `the database file is corrupt: ${detail}` };
  }
  return { code: 'STORAGE_ERROR', message: `storage failed: ${detail}` };
}
