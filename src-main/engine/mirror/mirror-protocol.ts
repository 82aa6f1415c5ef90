import type { ErrorCode } from '../../../src-shared/contract/error-codes';
import type { MirrorStatus } from '../../../src-shared/contract/mirror-status';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import type { MirrorConfig } from './mirror-config';

/** Messages between MirrorHost (mirror-host.ts) and its worker (mirror-worker.ts). */
export interface MirrorWorkerSetup {
  /** The SQLite database the mirror follows. */
  dbFile: string;
  /** The mirror's DuckDB file (mirror-files.ts). */
  mirrorFile: string;
  /** better-sqlite3's addon (the Electron build in the desktop app). */
  nativeBinding?: string;
  config?: Partial<MirrorConfig>;
  /** How often to try again to open a mirror another process holds, in ms. */
  retryMs?: number;
  /**
   * Drop an instance's on-demand query indexes once its mirror has caught up (the mirror
   * answers their shapes; index-advisor.ts builds no more of them).
   */
  retireIndexes?: boolean;
}

export type MirrorRequest =
  | { kind: 'query'; id: number; query: Query; requestId?: string }
  | { kind: 'cancel'; requestId: string }
  /** The log changed (appends, instances created or deleted): catch up. */
  | { kind: 'changed' }
  /** Pause background catch-ups (an import runs: appends come first), or resume them. */
  | { kind: 'hold'; on: boolean }
  | { kind: 'close' };

export type MirrorReply =
  /** `result` null: the mirror declined; SQLite answers. */
  | { kind: 'answer'; id: number; ok: true; result: QueryResult | null }
  | {
      kind: 'answer';
      id: number;
      ok: false;
      code: ErrorCode;
      message: string;
      details?: Record<string, unknown>;
    }
  | { kind: 'status'; status: MirrorStatus }
  | { kind: 'closed' };
