import { afterEach } from 'vitest';
import type { EngineOptions } from '../engine/engine';
import { openTempService } from './temp-db';

/**
 * For a test file whose tests each want their own database: the returned function opens a new
 * temp service (`openTempService`), and every service it opened is closed after its test.
 */
export function servicePerTest(): (options?: EngineOptions) => ReturnType<typeof openTempService> {
  const open: ReturnType<typeof openTempService>[] = [];
  afterEach(() => {
    for (const ctx of open.splice(0)) ctx.close();
  });
  return (options) => {
    const ctx = openTempService(options);
    open.push(ctx);
    return ctx;
  };
}
