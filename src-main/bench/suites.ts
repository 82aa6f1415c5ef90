import { ingestSuite } from './ingest-bench';
import type { BenchSuite } from './suite';

/** Every registered suite, run in this order by a bare `npm run bench`. Add new suites here. */
export const suites: readonly BenchSuite[] = [ingestSuite];
