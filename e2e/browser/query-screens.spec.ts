import { test } from '../query-fixtures';

test('screenshot: the query workspace on the demo shop', async ({ query, page }, testInfo) => {
  await query.open();
  await page.screenshot({ path: testInfo.outputPath('workspace-light.png') });
});
