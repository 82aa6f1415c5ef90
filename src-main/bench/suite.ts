/** A benchmark suite of `npm run bench`: `npm run bench -- <name> [options]`. */
export interface BenchSuite {
  name: string;
  summary: string;
  /** Runs the suite and prints its table; `args` are the options after the suite names. */
  run(args: string[]): Promise<void>;
}
