import { runCli } from '../../src-main/test-support/built-cli';
import { expect, test } from '../fixtures';
import { seedShop } from '../support/seed';

const now = () => new Date().toISOString();

test.describe('live updates', () => {
  test('follow mode shows events appended by another process at the top, without a reload', async ({
    app,
    page,
    dbFile,
  }) => {
    expect(await app.openShop({ count: 500 })).toBe(500);
    await expect(page.getByTestId('follow')).toBeChecked();
    const appended = await runCli(
      'appendEvents',
      {
        instanceId: 'shop',
        events: [{ stream_id: 'cli-stream', event_type: 'FromCli', timestamp: now() }],
      },
      dbFile,
    );
    expect(appended.success).toBe(true);
    await expect(app.row(0)).toHaveAttribute('data-stream', 'cli-stream');
    await expect(app.table).toHaveAttribute('data-total', '501');
    await expect(page.getByTestId('new-events-pill')).toHaveCount(0);
  });

  test('scrolled away, an "N new events" pill counts them; clicking it goes to the top', async ({
    app,
    page,
    dbFile,
  }) => {
    await app.openShop({ count: 1_000 });
    await app.table.evaluate((el) => (el.scrollTop = 2_000));
    const events = Array.from({ length: 3 }, (_, i) => ({
      stream_id: `late-${i}`,
      timestamp: now(),
    }));
    expect((await runCli('appendEvents', { instanceId: 'shop', events }, dbFile)).success).toBe(
      true,
    );
    const pill = page.getByTestId('new-events-pill');
    await expect(pill).toHaveAttribute('data-count', '3');
    await expect(pill).toContainText('3 new events');
    // The table did not jump or reload meanwhile.
    await expect(app.table).toHaveAttribute('data-total', '1000');
    await pill.click();
    await expect(pill).toHaveCount(0);
    await expect(app.table).toHaveAttribute('data-total', '1003');
    await expect.poll(() => app.table.evaluate((el) => el.scrollTop)).toBe(0);
    await expect(app.row(0)).toHaveAttribute('data-stream', /^late-/u);
  });

  test('a burst of appends does not refetch the table per batch', async ({ app, page, dbFile }) => {
    await app.openShop({ count: 200 });
    await app.table.evaluate((el) => (el.scrollTop = 1_000));
    // The table's own reads (no reduce). The histogram and facets are aggregations: the cache
    // refreshes them on change events, gathered by the cache's throttle.
    let queries = 0;
    page.on('request', (r) => {
      if (!r.url().endsWith('/api/queryEvents')) return;
      const body = JSON.parse(r.postData() ?? '{}') as {
        params?: { query?: { reduce?: unknown } };
      };
      if (body.params?.query?.reduce === undefined) queries++;
    });
    // Separate commits from another process, as fast as the CLI can go.
    for (let i = 0; i < 8; i++) {
      await runCli(
        'appendEvent',
        { instanceId: 'shop', stream_id: `burst`, timestamp: now() },
        dbFile,
      );
    }
    await expect(page.getByTestId('new-events-pill')).toHaveAttribute('data-count', '8');
    expect(queries).toBe(0);
  });

  test('appends faster than a slow head answers: the head is let finish, then refreshed', async ({
    app,
    page,
    server,
  }) => {
    test.setTimeout(90_000);
    await app.openShop({ count: 200 });
    // The table's reads now take 2.5 s (a busy machine, a big instance); the live reload comes
    // every 750 ms. Aborting the head on each reload showed "Loading events…" for as long as the
    // appends went on (the CI machine met it with an opened file's import).
    await page.route('**/api/queryEvents', async (route) => {
      const body = route.request().postDataJSON() as { params?: { query?: { reduce?: unknown } } };
      if (body.params?.query?.reduce === undefined) await new Promise((r) => setTimeout(r, 2_500));
      await route.continue().catch(() => {}); // aborted by the page meanwhile
    });
    const append = async (i: number) => {
      const res = await fetch(`${server.origin}/api/appendEvent`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          params: {
            instanceId: 'shop',
            streamId: `live-${i}`,
            eventType: 'Live',
            timestamp: now(),
          },
        }),
      });
      expect(res.ok).toBe(true);
    };
    // An append every 300 ms or so for up to 20 s; the newest shows at the top while they go on.
    let shown = false;
    const until = Date.now() + 20_000;
    for (let i = 0; Date.now() < until && !shown; i++) {
      await append(i);
      await page.waitForTimeout(300);
      shown = ((await app.row(0).getAttribute('data-stream')) ?? '').startsWith('live-');
    }
    expect(shown).toBe(true);
    await page.unroute('**/api/queryEvents');
  });

  test('deleting the viewed instance elsewhere leaves the view with a message', async ({
    app,
    page,
    dbFile,
  }) => {
    seedShop(dbFile, { count: 100 });
    await runCli('createInstance', { name: 'other' }, dbFile);
    await app.openInstance('shop');
    expect((await runCli('deleteInstance', { instanceId: 'shop' }, dbFile)).success).toBe(true);
    await expect(page.getByTestId('toast')).toContainText('was deleted');
    await expect(page.getByTestId('table-no-instance')).toBeVisible();
  });
});
