import { describe, expect, it } from 'vitest';
import { workerPort } from './worker-port';

describe('workerPort', () => {
  it('refuses the main thread, naming the worker and what starts it', () => {
    expect(() => workerPort('import-parser', 'parseOnThread')).toThrow(
      'import-parser: run me as a worker thread (see parseOnThread)',
    );
  });
});
