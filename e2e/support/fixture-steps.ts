import { expect, type Page } from '@playwright/test';
import type { ServeProcess } from '../../src-main/test-support/serve-process';
import { copyOfCachedDb } from '../../src-main/test-support/shop-db';
import { QueryPage } from '../pages/query-page';

/**
 * The steps the fixture files share. A server fixture hands `server` to the test and then stops
 * it, expecting a clean exit: 0 means it closed its database.
 */
export async function stopAfterUse(
  server: ServeProcess,
  use: (server: ServeProcess) => Promise<void>,
): Promise<void> {
  await use(server);
  expect(await server.stop()).toBe(0);
}

/** Hands the test its own copy of a cached database file, removed after the test. */
export async function useCopyOf(cached: string, use: (file: string) => Promise<void>) {
  const copy = copyOfCachedDb(cached);
  await use(copy.file);
  copy.cleanup();
}

/** The query layer's page object at 1280×800, the size screenshots are judged at. */
export async function queryPageAt1280(page: Page, server: ServeProcess): Promise<QueryPage> {
  await page.setViewportSize({ width: 1280, height: 800 });
  return new QueryPage(page, server);
}
