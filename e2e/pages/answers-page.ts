import { expect, type Locator, type Page } from '@playwright/test';
import type { QueryPage } from './query-page';

/** What shows the answer at a glance: the chart and its groups, facets, severity colours. */
export class AnswersPage {
  readonly page: Page;
  readonly results: Locator;
  readonly splitter: Locator;
  readonly panel: Locator;
  readonly chartTitle: Locator;
  readonly groups: Locator;
  readonly severity: Locator;

  constructor(readonly query: QueryPage) {
    this.page = query.page;
    this.results = this.page.locator('[data-region="results"]');
    this.splitter = this.page.getByTestId('builder-splitter');
    this.panel = this.page.getByTestId('query-panel');
    this.chartTitle = query.chart.getByTestId('chart-title');
    this.groups = query.chart.getByTestId('chart-groups');
    this.severity = this.page.getByTestId('severity-field');
  }

  async height(locator: Locator): Promise<number> {
    const box = await locator.boundingBox();
    expect(box, 'the element is laid out').not.toBeNull();
    return box!.height;
  }

  facet(field: string): Locator {
    return this.query.facets.locator(`[data-testid="facet"][data-field='${field}']`);
  }

  /** The fields of the facets shown, once the panel has chosen them. */
  async facetFields(): Promise<string[]> {
    await expect(this.page.getByTestId('facets-choosing')).toHaveCount(0, { timeout: 30_000 });
    await expect(this.query.facets.getByTestId('facet').first()).toBeVisible();
    return this.query.facets
      .getByTestId('facet')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-field')!));
  }

  /** Rows of the event table now in the DOM with a severity, by severity. */
  rows(severity?: string): Locator {
    return this.query.table.locator(
      severity
        ? `[data-testid="event-row"][data-severity="${severity}"]`
        : '[data-testid="event-row"]',
    );
  }
}
