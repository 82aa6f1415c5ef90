import { backupCommand } from './backup-command';
import { checkCommand } from './check-command';
import type { Command } from './command';
import { exportCommand } from './export-command';
import { importCommand } from './import-command';
import { mirrorCommand } from './mirror-command';
import { openCommand } from './open-command';
import { rpcCommand } from './rpc-command';
import { serveCommand } from './serve-command';

/** Subcommands other than the nine operations; each lives in its own file. */
export const commands: readonly Command[] = [
  importCommand,
  exportCommand,
  serveCommand,
  openCommand,
  rpcCommand,
  mirrorCommand,
  backupCommand,
  checkCommand,
];
