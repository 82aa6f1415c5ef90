import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, type Locator, type Page } from '@playwright/test';
import { cliLauncher } from '../../src-main/test-support/built-cli';
import { ScreenPage } from './screen-page';

const run = promisify(execFile);

/**
 * The view as a whole, as a stranger meets it: the address, the time range and its zooms,
 * the detail pane's time, "Copy link" and the message for a link that cannot be opened.
 */
export class ViewPage extends ScreenPage {
  readonly timeLabel = this.page.getByTestId('time-range-label');
  readonly linkProblem = this.page.getByTestId('link-problem');

  /** Imports real files with the CLI (presets detected), into `instance`. */
  static async importFiles(dbFile: string, instance: string, files: string[]): Promise<void> {
    await run(process.execPath, [
      cliLauncher,
      'import',
      ...files,
      '--instance',
      instance,
      '--db',
      dbFile,
    ]);
  }

  /** Opens `url` (the printed address by default) and waits until change events flow. */
  async open(url = this.server.url, page: Page = this.page): Promise<void> {
    await page.goto(url);
    await this.waitLive(page);
  }

  /** Opens the app and selects `instance` in the tree. */
  async openOn(instance: string): Promise<void> {
    await this.open();
    await this.selectInstance(instance);
  }

  selectedInstance(page: Page = this.page): Locator {
    return page.locator('[data-testid="instance-item"][aria-current="true"]');
  }

  /** The table's exact total once it has answered the current query. */
  async total(page: Page = this.page): Promise<number> {
    const table = page.getByTestId('event-table');
    await expect(table).toHaveAttribute('data-status', 'ready', { timeout: 45_000 });
    return Number(await table.getAttribute('data-total'));
  }

  /** The address's fragment, decoded into its parts. */
  fragment(page: Page = this.page): URLSearchParams {
    return new URLSearchParams(new URL(page.url()).hash.slice(1));
  }

  async openTimePicker(): Promise<void> {
    await this.page.getByTestId('time-range').click();
    await expect(this.page.getByTestId('time-range-popover')).toBeVisible();
  }

  /** Drags across the histogram from `a` to `b` (fractions of its width). */
  async dragHistogram(a: number, b: number): Promise<void> {
    await expect(this.histogram).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
    const plot = this.histogram.getByTestId('histogram-plot');
    const box = (await plot.boundingBox())!;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * a, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 5 });
    await this.page.mouse.move(box.x + box.width * b, y, { steps: 5 });
    await this.page.mouse.up();
  }
}
