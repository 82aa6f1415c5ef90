import { expect, type Download, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import type { ExportFormat } from '../../src-shared/contract/export-spec';

/** The export dialog: open it from the query bar, choose, export, read the download. */
export class ExportPage {
  readonly dialog: Locator;
  readonly progress: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('export-dialog');
    this.progress = page.getByTestId('export-progress');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('export-open').click();
    await expect(this.dialog).toBeVisible();
  }

  async close(): Promise<void> {
    await this.page.getByTestId('export-close').click();
  }

  /** The exact number of rows the dialog says it will write (once counted). */
  async total(): Promise<number> {
    const total = this.dialog.getByTestId('export-total');
    // As long as the other pages wait for a first answer: on two busy cores (a mirror building
    // beside the suite) the count of the 300,000-event shop once took 18 s.
    await expect(total).not.toHaveAttribute('data-rows', '', { timeout: 45_000 });
    return Number(await total.getAttribute('data-rows'));
  }

  async choose(options: {
    target?: 'events' | 'aggregation';
    format?: ExportFormat;
    columns?: 'select' | 'all' | 'custom';
    fileName?: string;
    /** CSV: the "Protect against spreadsheet formulas" checkbox. */
    protectFormulas?: boolean;
  }): Promise<void> {
    if (options.target) await this.dialog.getByTestId(`export-target-${options.target}`).check();
    if (options.format) await this.dialog.getByTestId(`export-format-${options.format}`).click();
    if (options.columns) await this.dialog.getByTestId(`export-columns-${options.columns}`).check();
    if (options.protectFormulas !== undefined) {
      await this.protectFormulas().setChecked(options.protectFormulas);
    }
    if (options.fileName !== undefined) {
      await this.dialog.getByTestId('export-file-name').fill(options.fileName);
    }
  }

  /** The CSV option against spreadsheet formulas, found by its name as a user reads it. */
  protectFormulas(): Locator {
    return this.dialog.getByRole('checkbox', { name: /Protect against spreadsheet formulas/u });
  }

  /** Starts the export and waits for the download it ends with. */
  async exportAndDownload(): Promise<{ download: Download; file: string; text: () => string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout: 90_000 }),
      this.dialog.getByTestId('export-start').click(),
    ]);
    const file = await download.path();
    await expect(this.progress).toHaveAttribute('data-state', 'done');
    return { download, file, text: () => fs.readFileSync(file, 'utf8') };
  }
}
