import { expect, type Locator } from '@playwright/test';
import type { ShopDbSpec } from '../../src-main/test-support/shop-db';
import { seedShop } from '../support/seed';
import { ScreenPage } from './screen-page';

/** The main screen: sidebar tree, query bar, event table, detail pane, dialogs. */
export class AppPage extends ScreenPage {
  readonly connection = this.page.getByTestId('connection');
  readonly transport = this.page.getByTestId('transport');
  readonly rows = this.page.getByTestId('event-row');
  readonly showing = this.page.getByTestId('showing');
  readonly filter = this.page.getByTestId('filter-input');
  readonly streams = this.page.getByTestId('stream-item');
  readonly firstRun = this.page.getByTestId('first-run');

  /** Opens the printed address and waits until change events flow. */
  async open(url = this.server.url): Promise<void> {
    await this.page.goto(url);
    await this.waitLive();
  }

  /** Opens the app on `instance` and waits for its rows; returns the table's exact total. */
  async openInstance(instance: string): Promise<number> {
    await this.open();
    await this.selectInstance(instance);
    return this.waitForRows();
  }

  /** Seeds the demo shop (seed.ts) and opens it; returns the table's exact total. */
  async openShop(spec: Partial<ShopDbSpec> = {}): Promise<number> {
    if (!this.dbFile) throw new Error('AppPage.openShop: this page was made without its dbFile');
    seedShop(this.dbFile, spec);
    return this.openInstance('shop');
  }

  /** The instance's event count in the tree (from getInstanceStats). */
  instanceCount(name: string): Locator {
    return this.instance(name).getByTestId('instance-count');
  }

  /** Clicks one of an instance's actions (edit, delete), which show on hover. */
  async instanceAction(name: string, action: 'edit-instance' | 'delete-instance'): Promise<void> {
    await this.instance(name).getByTestId('instance-item').hover();
    await this.instance(name).getByTestId(action).click();
  }

  stream(name: string): Locator {
    return this.page.locator(`[data-testid="stream-item"][data-stream="${name}"]`);
  }

  /**
   * Waits for the table to show data for the current query and returns the exact total (which
   * may follow the rows: see the table's data-count).
   */
  async waitForRows(): Promise<number> {
    await expect(this.table).toHaveAttribute('data-status', 'ready');
    await expect(this.table).toHaveAttribute('data-total', /^\d+$/u);
    const total = Number(await this.table.getAttribute('data-total'));
    return total;
  }

  /** Creates an instance from the first-run screen or the sidebar's "+". */
  async createInstance(name: string, description?: string): Promise<void> {
    if (await this.firstRun.isVisible()) {
      await this.page.getByTestId('first-run-name').fill(name);
      await this.page.getByTestId('first-run-create').click();
      return;
    }
    await this.page.getByTestId('new-instance').click();
    await this.page.getByTestId('create-name').fill(name);
    if (description) await this.page.getByTestId('create-description').fill(description);
    await this.page.getByTestId('create-submit').click();
  }

  row(index: number): Locator {
    return this.page.locator(`[data-testid="event-row"][data-index="${index}"]`);
  }

  /**
   * One value per rendered row, top to bottom: a row attribute (`data-seq`) or a cell's text
   * (`column: 'timestamp'`). The DOM keeps rows in the order of their recycled slots, not in
   * screen order; `data-index` is a row's place in the table.
   */
  rowValues(what: { attribute: string } | { column: string }): Promise<(string | null)[]> {
    return this.rows.evaluateAll(
      (els, w) =>
        els
          .map((el) => ({
            i: Number(el.getAttribute('data-index')),
            v:
              'attribute' in w
                ? el.getAttribute(w.attribute)
                : (el.querySelector(`[data-column="${w.column}"]`)?.textContent ?? null),
          }))
          .sort((x, y) => x.i - y.i)
          .map((x) => x.v),
      what,
    );
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }
}
