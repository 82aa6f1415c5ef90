/** A CLI subcommand. `run` returns the exit code: 0 ok, 1 a failed operation, 2 a usage error. */
export interface Command {
  name: string;
  summary: string;
  /** The full help text of the command. */
  help: string;
  run(argv: string[]): Promise<number>;
}

/** A usage error: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;
