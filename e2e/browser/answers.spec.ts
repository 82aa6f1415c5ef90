import type { Locator } from '@playwright/test';
import type { GroupKey, Query } from '../../src-shared/contract/query';
import type { GroupedAggregation } from '../../src-shared/contract/records';
import { expect, test } from '../dataset-fixtures';
import { AnswersPage } from '../pages/answers-page';

/**
 * Issue 19, "answers that show" and "readable at a glance", on the real logs: GH Archive,
 * Zeek DNS and the Apache access log, imported as a new user would (dataset-fixtures.ts).
 */
test.describe.configure({ timeout: 120_000 });

const countBy = (instance: string, ...groupBy: GroupKey[]): Query => ({
  from: { instance },
  reduce: { type: 'count', groupBy: [...groupBy] },
});

test('Run on an aggregation shows its chart and groups, and the results keep the room', async ({
  real,
}) => {
  const answers = new AnswersPage(real);
  await real.open('gharchive');
  const byType = countBy('gharchive', 'event_type');
  await real.setJson(JSON.stringify(byType));
  await real.page.getByTestId('run').click();
  // No tab to find: the chart is there, with every group as a table under it.
  await expect(real.chart).toBeVisible();
  await expect(real.page.getByTestId('view-chart')).toHaveAttribute('aria-selected', 'true');
  const expected = (await real.queryEvents({ ...byType, limit: 100 }))
    .aggregation as GroupedAggregation;
  await expect(answers.groups.getByTestId('chart-row')).toHaveCount(expected.groups.length);
  await expect(answers.groups.getByTestId('chart-row').first().locator('td').first()).toHaveText(
    'PushEvent',
  );
  // With the builder open at 1280×800 the results get more than the builder does.
  await expect(answers.panel).toBeVisible();
  const results = await answers.height(answers.results);
  expect(results).toBeGreaterThan(250);
  expect(results).toBeGreaterThan((await answers.height(answers.panel)) - 40);

  // Back to no aggregation: the events again.
  await real.setJson(JSON.stringify({ from: { instance: 'gharchive' } }));
  await expect(real.table).toBeVisible();
});

test('the builder and results split is resizable with the keyboard and remembered', async ({
  real,
}) => {
  const answers = new AnswersPage(real);
  await real.open('gharchive');
  await expect(answers.splitter).toHaveAttribute('role', 'separator');
  await expect(answers.splitter).toHaveAccessibleName('Resize the builder');
  const before = await answers.height(answers.panel);
  await answers.splitter.focus();
  await real.page.keyboard.press('ArrowUp');
  await real.page.keyboard.press('ArrowUp');
  await expect.poll(() => answers.height(answers.panel)).toBe(before - 32);
  await expect(answers.splitter).toHaveAttribute('aria-valuenow', String(before - 32));
  await real.page.keyboard.press('Home');
  await expect.poll(() => answers.height(answers.panel)).toBe(150);
  const results = await answers.height(answers.results);
  await real.page.keyboard.press('ArrowDown');
  await expect.poll(() => answers.height(answers.panel)).toBe(166);
  expect(await answers.height(answers.results)).toBeLessThan(results);

  // A drag works too, and the height is there after a reload.
  const box = (await answers.splitter.boundingBox())!;
  await real.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await real.page.mouse.down();
  await real.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 40, { steps: 4 });
  await real.page.mouse.up();
  await expect.poll(() => answers.height(answers.panel)).toBe(206);
  await real.page.reload();
  await real.open('gharchive');
  await expect.poll(() => answers.height(answers.panel)).toBe(206);
});

test('charts: labels that fit, a title, axis titles, a legend for series, pie for 2 to 12 groups', async ({
  real,
}) => {
  const answers = new AnswersPage(real);
  const page = real.page;
  await real.open('gharchive');
  await real.setJson(JSON.stringify(countBy('gharchive', 'event_type')));
  await expect(answers.chartTitle).toHaveText('Events by event_type');
  // The longest label is drawn whole, inside the chart (it was cut at the left edge).
  const label = real.chart.locator(
    '[data-testid="chart-label"][data-label="PullRequestReviewCommentEvent"]',
  );
  await expect(label).toHaveText(/^PullRequestReviewCommentEvent/u);
  const svg = (await real.chart.locator('.recharts-surface').first().boundingBox())!;
  const text = (await label.boundingBox())!;
  expect(text.x).toBeGreaterThanOrEqual(svg.x);
  await expect(
    real.chart.locator('.recharts-label').filter({ hasText: /^events$/u }),
  ).toBeVisible();
  await expect(
    real.chart.locator('.recharts-label').filter({ hasText: /^event_type$/u }),
  ).toBeVisible();
  // 15 groups: no pie, and it says why.
  const pie = real.chart.getByTestId('chart-kind-pie');
  await expect(pie).toBeDisabled();
  await expect(pie).toHaveAttribute('title', /2 to 12 groups; this result has 15/u);

  // Apache statuses: 8 groups, a pie.
  await page
    .locator('[data-testid="instance-node"][data-instance-name="apache"]')
    .getByTestId('instance-item')
    .click();
  await real.setJson(JSON.stringify(countBy('apache', 'payload.status')));
  await expect(answers.chartTitle).toHaveText('Events by payload.status');
  await expect(pie).toBeEnabled();
  await pie.click();
  await expect(real.chart.getByTestId('chart-slice')).toHaveCount(8);

  // Over time by method: a series each, named in a legend; axis titles say time and value.
  await real.setJson(
    JSON.stringify(countBy('apache', { field: 'timestamp', interval: '1d' }, 'payload.method')),
  );
  await expect(answers.chartTitle).toHaveText('Events by payload.method per 1d');
  const legend = real.chart.locator('.recharts-legend-wrapper');
  await expect(legend).toContainText('GET');
  await expect(legend).toContainText('HEAD');
  await expect(
    real.chart.locator('.recharts-label').filter({ hasText: 'time (per 1d)' }),
  ).toBeVisible();

  // Zeek DNS has one event type: one group is not a pie either.
  await page
    .locator('[data-testid="instance-node"][data-instance-name="zeek"]')
    .getByTestId('instance-item')
    .click();
  await real.setJson(JSON.stringify(countBy('zeek', 'event_type')));
  await expect(answers.chartTitle).toHaveText('Events by event_type');
  await expect(pie).toBeDisabled();
  await expect(pie).toHaveAttribute('title', /this result has 1\./u);
});

test('default facets are the useful fields, with percentages beside the counts', async ({
  real,
}) => {
  const answers = new AnswersPage(real);
  await real.open('apache', { builder: false });
  const apache = await answers.facetFields();
  expect(apache).toContain('payload.status');
  expect(apache).not.toContain('metadata.auth');
  expect(apache).not.toContain('metadata.ident');
  const ok = answers
    .facet('payload.status')
    .locator('[data-testid="facet-value"][data-value="200"]');
  await expect(ok).toHaveAttribute('data-count', '9125');
  await expect(ok.getByTestId('facet-share')).toHaveText('91%');
  const error = answers
    .facet('payload.status')
    .locator('[data-testid="facet-value"][data-value="500"]');
  await expect(error.getByTestId('facet-share')).toHaveText('<0.1%');

  await real.open('zeek', { builder: false });
  const zeek = await answers.facetFields();
  expect(zeek.length).toBeGreaterThan(0);
  expect(zeek).not.toContain('metadata._write_ts');
  expect(zeek).not.toContain('event_type'); // one value: "dns"

  await real.open('gharchive', { builder: false });
  const gh = await answers.facetFields();
  expect(gh).toContain('event_type');
  expect(gh).not.toContain('metadata.actor.login');
  expect(gh).not.toContain('metadata.actor.display_login');
  const push = answers
    .facet('event_type')
    .locator('[data-testid="facet-value"][data-value=\'"PushEvent"\']');
  await expect(push.getByTestId('facet-share')).toHaveText('53%');
});

/** WCAG contrast of an element's text on its own background. */
async function contrast(row: Locator): Promise<number> {
  return row.evaluate((el) => {
    const rgb = (c: string) => (c.match(/[\d.]+/gu) ?? []).slice(0, 3).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

test('rows are coloured by the HTTP status found automatically, readable in light and dark, and the user can turn it off', async ({
  real,
}) => {
  const answers = new AnswersPage(real);
  const page = real.page;
  await real.open('apache');
  await expect(answers.severity).toHaveValue('auto');
  await expect(answers.severity.locator('option:checked')).toHaveText('Colour: auto (status)');

  const show = async (status: number) => {
    await real.setJson(
      JSON.stringify({
        from: { instance: 'apache' },
        where: [{ field: 'payload.status', operator: 'eq', value: status }],
      }),
    );
    await expect(real.table).toHaveAttribute('data-status', 'ready');
  };
  await show(404);
  await expect(answers.rows('warn').first()).toBeVisible();
  await expect(answers.rows()).toHaveCount(await answers.rows('warn').count());
  await show(500);
  await expect(answers.rows('error')).toHaveCount(3);
  const errorBg = await answers
    .rows('error')
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  await show(200);
  await expect(answers.rows().first()).toBeVisible();
  await expect(answers.rows('error')).toHaveCount(0);
  await expect(answers.rows('warn')).toHaveCount(0);
  const plainBg = await answers
    .rows()
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(errorBg).not.toBe(plainBg);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await show(500);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    expect(await contrast(answers.rows('error').first())).toBeGreaterThanOrEqual(4.5);
    await show(404);
    expect(await contrast(answers.rows('warn').first())).toBeGreaterThanOrEqual(4.5);
  }

  // None: no colours, and so it stays after a reload.
  await answers.severity.selectOption('none');
  await expect(answers.rows('warn')).toHaveCount(0);
  await page.reload();
  await real.open('apache', { builder: false });
  await expect(answers.severity).toHaveValue('none');
  await expect(answers.rows().first()).toBeVisible();
  await expect(page.locator('[data-testid="event-row"][data-severity]')).toHaveCount(0);

  // GH Archive has no such field: nothing is coloured, and auto says so.
  await real.open('gharchive', { builder: false });
  await expect(answers.severity.locator('option:checked')).toHaveText('Colour: auto (none)');
  await expect(answers.rows().first()).toBeVisible();
  await expect(page.locator('[data-testid="event-row"][data-severity]')).toHaveCount(0);
});
