import { expect, type Locator, type Page } from '@playwright/test';
import type { ServeProcess } from '../../src-main/test-support/serve-process';

/**
 * What the page objects of the main screen share: the page and its server, the parts they all
 * read (event table, condition chips, detail pane, histogram), the instance tree, and the wait
 * for the live connection that every opening starts with.
 */
export class ScreenPage {
  readonly table: Locator;
  readonly chips: Locator;
  readonly detail: Locator;
  readonly histogram: Locator;

  constructor(
    readonly page: Page,
    readonly server: ServeProcess,
    /** The server's database file, for seeding it (not given where the file comes ready). */
    readonly dbFile?: string,
  ) {
    this.table = page.getByTestId('event-table');
    this.chips = page.getByTestId('condition-chip');
    this.detail = page.getByTestId('event-detail');
    this.histogram = page.getByTestId('histogram');
  }

  /** Waits until change events flow (the connection badge says live) on `page`. */
  async waitLive(page: Page = this.page): Promise<void> {
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  }

  /** An instance's node in the sidebar tree. */
  instance(name: string): Locator {
    return this.page.locator(`[data-testid="instance-node"][data-instance-name="${name}"]`);
  }

  async selectInstance(name: string): Promise<void> {
    await this.instance(name).getByTestId('instance-item').click();
  }
}
