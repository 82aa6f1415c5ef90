import { expect, test } from '../fixtures';
import { withEngine } from '../support/seed';

function seedOne(dbFile: string) {
  withEngine(dbFile, (e) => {
    e.createInstance('shop');
    e.append(
      'shop',
      [
        {
          stream_id: 'order-1',
          event_type: 'OrderPlaced',
          timestamp: Date.UTC(2026, 0, 1),
          payload: {
            user: { id: 'u-1', country: 'DE' },
            amount: 12.5,
            items: [{ sku: 'A' }],
            'id.orig_h': '10.0.0.1',
          },
          metadata: { traceId: 'abc' },
        },
        {
          stream_id: 'order-2',
          event_type: 'OrderPlaced',
          timestamp: Date.UTC(2026, 0, 2),
          payload: { user: { id: 'u-2', country: 'FR' }, amount: 3 },
        },
        {
          stream_id: 'order-3',
          event_type: 'OrderPlaced',
          timestamp: Date.UTC(2026, 0, 3),
          payload: { user: { id: 'u-3', country: 'DE' }, amount: 7 },
        },
      ],
      false,
    );
  });
}

test.describe('detail pane', () => {
  test('a collapsible JSON tree; copy a value, a path, the whole event', async ({
    app,
    page,
    context,
    dbFile,
  }) => {
    seedOne(dbFile);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await app.openInstance('shop');
    await page.locator('[data-testid="event-row"][data-stream="order-1"]').click();
    await expect(app.detail).toBeVisible();
    const user = app.detail.locator('[data-path="payload.user"]');
    const country = app.detail.locator('[data-path="payload.user.country"]');
    await expect(country).toBeVisible();
    await user.locator('.json-toggle').first().click();
    await expect(country).toHaveCount(0);
    await user.locator('.json-toggle').first().click();
    const clip = () => page.evaluate(() => navigator.clipboard.readText());

    const line = country.locator('.json-line').first();
    await line.hover();
    await line.getByTestId('copy-value').click();
    await expect.poll(clip).toBe('DE');
    const dotted = app.detail.locator('[data-path=\'payload["id.orig_h"]\'] .json-line').first();
    await dotted.hover();
    await dotted.getByTestId('copy-path').click();
    await expect.poll(clip).toBe('payload["id.orig_h"]');
    await page.getByTestId('copy-event').click();
    const copied = JSON.parse(await clip()) as { stream_id: string; payload: { amount: number } };
    expect(copied).toMatchObject({ stream_id: 'order-1', payload: { amount: 12.5 } });
  });

  test('at 1024 wide a hovered line keeps its value on one line, its actions inside the pane', async ({
    app,
    page,
    dbFile,
  }) => {
    // Seen at 1024×700: hovering `AA: false` in a Zeek event put "f a l s e" one letter a
    // line beside the four buttons, and "≠ exclude" ran past the pane's edge.
    seedOne(dbFile);
    await page.setViewportSize({ width: 1024, height: 700 });
    await app.openInstance('shop');
    await page.locator('[data-testid="event-row"][data-stream="order-1"]').click();
    const line = app.detail.locator('[data-path="payload.user.country"] .json-line').first();
    const before = (await line.boundingBox())!;
    await line.hover();
    await expect(line.getByTestId('filter-out')).toBeVisible();
    const after = (await line.boundingBox())!;
    expect(after.height).toBe(before.height);
    const pane = (await app.detail.boundingBox())!;
    const exclude = (await line.getByTestId('filter-out').boundingBox())!;
    expect(exclude.x + exclude.width).toBeLessThanOrEqual(pane.x + pane.width);
    // The same on a field of the header: each button one line tall.
    await app.detail.locator('[data-field="stream_id"]').hover();
    const out = app.detail.getByTestId('filter-out-stream_id');
    await expect(out).toBeVisible();
    expect((await out.boundingBox())!.height).toBeLessThanOrEqual(20);
  });

  test('"filter to this" and "exclude this" add conditions to the current query', async ({
    app,
    page,
    dbFile,
  }) => {
    seedOne(dbFile);
    expect(await app.openInstance('shop')).toBe(3);
    await page.locator('[data-testid="event-row"][data-stream="order-1"]').click();
    const line = app.detail.locator('[data-path="payload.user.country"] .json-line').first();
    await line.hover();
    await line.getByTestId('filter-to').click();
    await expect(app.chips).toHaveText(['payload.user.country = "DE"']);
    await expect(app.table).toHaveAttribute('data-total', '2');
    await page.locator('[data-testid="event-row"][data-stream="order-3"]').click();
    await app.detail.locator('[data-field="stream_id"]').hover();
    await app.detail.getByTestId('filter-out-stream_id').click();
    await expect(app.chips).toHaveCount(2);
    await expect(app.table).toHaveAttribute('data-total', '1');
    await expect(app.rows).toHaveCount(1);
    await expect(app.rows.first()).toHaveAttribute('data-stream', 'order-1');
    await page.getByTestId('remove-condition').first().click();
    await expect(app.table).toHaveAttribute('data-total', '2');
  });
});

test.describe('append', () => {
  test('a form with a JSON editor: errors where they occur, then the event appears', async ({
    app,
    page,
    dbFile,
  }) => {
    seedOne(dbFile);
    await app.openInstance('shop');
    await page.getByTestId('open-append').click();
    await page.getByTestId('append-stream').fill('order-9');
    await page.getByTestId('append-type').fill('OrderPlaced');
    const editor = page.getByTestId('append-payload').locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('{"amount": 5,, }');
    // The editor marks the syntax error in place; submitting says where it is.
    await expect(page.getByTestId('append-payload').locator('.cm-lint-marker-error')).toBeVisible();
    await page.getByTestId('append-submit').click();
    await expect(page.getByTestId('append-error-payload')).toContainText('line 1');

    // An error only the engine finds is shown at the field it names.
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('{"amount": 5, "note": "late"}');
    await page.getByTestId('append-time').fill('yesterday-ish');
    await page.getByTestId('append-submit').click();
    await expect(page.getByTestId('append-error-timestamp')).toContainText('timestamp');
    await page.getByTestId('append-time').fill('2026-01-05T00:00:00Z');
    await page.getByTestId('append-submit').click();
    await expect(page.getByTestId('append-dialog')).toBeHidden();
    await expect(page.locator('[data-testid="event-row"][data-stream="order-9"]')).toBeVisible();
    await expect(app.table).toHaveAttribute('data-total', '4');
  });
});
