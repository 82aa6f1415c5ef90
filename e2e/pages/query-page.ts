import { expect, type Locator } from '@playwright/test';
import type { Query } from '../../src-shared/contract/query';
import type { CountedQueryResult, QueryResult } from '../../src-shared/contract/records';
import { callApi } from '../support/api';
import type { Engine } from '../../src-main/engine/engine';
import { seedShop, withEngine } from '../support/seed';
import { ScreenPage } from './screen-page';

/** The query layer: query bar, builder, JSON, time range, histogram, facets, charts. */
export class QueryPage extends ScreenPage {
  readonly builder = this.page.getByTestId('query-builder');
  readonly json = this.page.getByTestId('query-json');
  readonly facets = this.page.getByTestId('facets');
  readonly chart = this.page.getByTestId('chart-view');

  /** Opens the app on `instance`, with the builder open, once the first answers are in. */
  async open(instance = 'shop', options: { builder?: boolean } = {}): Promise<void> {
    await this.page.goto(this.server.url);
    await this.waitLive();
    await this.selectInstance(instance);
    if (options.builder ?? true) await this.page.getByTestId('toggle-builder').click();
    await this.settled();
  }

  /**
   * Drags across the histogram's plot from one fraction of its width to another (a time range
   * chosen by hand), and waits for the range's label to show it.
   */
  async dragHistogram(from: number, to: number): Promise<void> {
    const plot = (await this.histogram.getByTestId('histogram-plot').boundingBox())!;
    const y = plot.y + plot.height / 2;
    await this.page.mouse.move(plot.x + plot.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(plot.x + plot.width * to, y, { steps: 5 });
    await this.page.mouse.up();
    await expect(this.page.getByTestId('time-range-label')).toContainText('→');
  }

  /**
   * Seeds the demo shop (seed.ts) into an empty database and opens it, as `open` does;
   * `alsoSeed` adds to the database before it opens (another instance, one more event).
   */
  async openShop(
    options: { builder?: boolean; alsoSeed?: (engine: Engine) => void } = {},
  ): Promise<void> {
    if (!this.dbFile) throw new Error('QueryPage.openShop: this page was made without its dbFile');
    seedShop(this.dbFile);
    if (options.alsoSeed) withEngine(this.dbFile, options.alsoSeed);
    await this.open('shop', options);
  }

  /** Waits until the histogram and the event table have answered the current query. */
  async settled(): Promise<void> {
    await expect(this.histogram).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
    // The answer: the events in the table, or an aggregation's chart and groups (which show
    // themselves when the query has one).
    const answer = this.page.locator(
      [
        '[data-testid="event-table"][data-status="ready"]',
        '[data-testid="chart-view"] [data-testid="chart-table"]',
        '[data-testid="chart-view"] [data-testid="chart-stat"]',
        '[data-testid="chart-view"] [data-testid="chart-empty"]',
      ].join(', '),
    );
    await expect(answer.first()).toBeVisible({ timeout: 45_000 });
  }

  /** The event table's exact total for the current query (once it has followed the rows). */
  async tableTotal(): Promise<number> {
    await expect(this.table).toHaveAttribute('data-status', 'ready', { timeout: 45_000 });
    await expect(this.table).toHaveAttribute('data-total', /^\d+$/u, { timeout: 45_000 });
    return Number(await this.table.getAttribute('data-total'));
  }

  /**
   * The JSON editor's whole text, through its "copy" button and the clipboard (CodeMirror
   * renders only the lines in view, so the DOM does not hold all of a long query).
   */
  async jsonText(): Promise<string> {
    await this.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: this.server.origin,
    });
    await this.json.getByTestId('query-json-copy').click();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** The current query as the JSON editor holds it, opening the builder panel if needed. */
  async jsonQueryOf(): Promise<Query> {
    if (!(await this.json.isVisible())) await this.page.getByTestId('toggle-builder').click();
    return this.jsonQuery();
  }

  async jsonQuery(): Promise<Query> {
    return JSON.parse(await this.jsonText()) as Query;
  }

  /** Replaces the JSON editor's text and applies it at once (Ctrl+Enter). */
  async setJson(text: string): Promise<void> {
    // A line, not the whole content: a long query's content is taller than the editor, and
    // its middle (where a click on it lands) is scrolled out of sight under other parts.
    await this.json.locator('.cm-line').first().click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.insertText(text);
    await this.page.keyboard.press('ControlOrMeta+Enter');
  }

  /** Opens a field picker and clicks the option for `path` (scrolling the list to it). */
  async pickField(trigger: Locator, path: string): Promise<void> {
    await trigger.click();
    const option = this.page
      .locator('[cmdk-item]')
      .filter({ hasText: new RegExp(`^${escape(path)}`, 'u') });
    await option.first().click();
  }

  /** A chart's or the histogram's tooltip: its title (the bucket or group) and its rows. */
  tooltipTitle(tip: Locator): Locator {
    return tip.locator('.tooltip-title');
  }

  tooltipRows(tip: Locator): Locator {
    return tip.locator('.tooltip-row');
  }

  /** The NOT badges of negated conditions and groups. */
  notBadges(within: Locator = this.builder): Locator {
    return within.locator('.not-badge');
  }

  condition(i: number, within: Locator = this.builder): Locator {
    return within.getByTestId('condition').nth(i);
  }

  /** Clicks a value suggestion (the field's top values) in a condition's value input. */
  async pickSuggestion(input: Locator, text: string): Promise<void> {
    await input.click();
    await this.page
      .getByTestId('value-suggestion')
      .filter({ hasText: JSON.stringify(text) })
      .first()
      .click();
  }

  /** queryEvents called directly over the server's HTTP API (not through the page), with its total. */
  async queryEvents(query: Query): Promise<CountedQueryResult> {
    const { result } = await callApi<{ result: QueryResult }>(this.server, 'queryEvents', {
      query,
    });
    if (result.total === null) throw new Error('queryEvents answered without its total');
    return { ...result, total: result.total };
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
