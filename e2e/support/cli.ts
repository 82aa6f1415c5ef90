import { expect } from '@playwright/test';
import { runCli } from '../../src-main/test-support/built-cli';

/** Runs the CLI against the test's database and returns `data`, failing with the envelope's error. */
export async function cliData<T>(operation: string, params: unknown, dbFile: string): Promise<T> {
  const envelope = await runCli(operation, params, dbFile);
  expect(envelope.error ?? '', `${operation} failed`).toBe('');
  expect(envelope.success).toBe(true);
  return envelope.data as T;
}
