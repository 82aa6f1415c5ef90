import type { EventInput } from '../../../src-shared/contract/operations';
import type { Query } from '../../../src-shared/contract/query';

/**
 * (dataset, query) pairs on which the engine once disagreed with the reference evaluator, kept
 * so they are replayed on every run. `from.instance` is replaced by the test's instance.
 */
export const regressionCases: { name: string; events: EventInput[]; query: Query }[] = [];
