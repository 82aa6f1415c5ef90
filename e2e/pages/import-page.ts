import { expect, type Locator, type Page } from '@playwright/test';
import type { ServeProcess } from '../../src-main/test-support/serve-process';
import { callApi } from '../support/api';

/** What the mapping step's fields are set to; a field left out keeps what the dialog chose. */
export interface ImportMapping {
  format?: string;
  /** The custom regex (format `regex`). */
  pattern?: string;
  instance?: string;
  stream?: string;
  type?: string;
  time?: string;
  timeFormat?: string;
  timePattern?: string;
  year?: string;
}

/** The import dialog: files → format and mapping (with the preview) → progress and summary. */
export class ImportPage {
  readonly dialog: Locator;
  readonly fileInput: Locator;
  readonly fileList: Locator;
  readonly next: Locator;
  readonly start: Locator;
  readonly instance: Locator;
  readonly format: Locator;
  readonly pattern: Locator;
  readonly stream: Locator;
  readonly type: Locator;
  readonly time: Locator;
  readonly timeFormat: Locator;
  readonly timePattern: Locator;
  readonly year: Locator;
  readonly preview: Locator;
  readonly previewRows: Locator;
  readonly previewProblems: Locator;
  readonly previewStatus: Locator;
  readonly previewError: Locator;
  readonly progress: Locator;
  readonly summary: Locator;
  readonly cancel: Locator;

  constructor(
    readonly page: Page,
    readonly server: ServeProcess,
  ) {
    const t = (id: string) => page.getByTestId(id);
    this.dialog = t('import-dialog');
    this.fileInput = t('import-file-input');
    this.fileList = t('import-file-list');
    this.next = t('import-next');
    this.start = t('import-start');
    this.instance = t('import-instance');
    this.format = t('import-format');
    this.pattern = t('import-pattern');
    this.stream = t('import-stream');
    this.type = t('import-type');
    this.time = t('import-time');
    this.timeFormat = t('import-time-format');
    this.timePattern = t('import-time-pattern');
    this.year = t('import-year');
    this.preview = t('import-preview');
    this.previewRows = t('import-preview-row');
    this.previewProblems = t('import-preview-problem');
    this.previewStatus = t('import-preview-status');
    this.previewError = t('import-preview-error');
    this.progress = t('import-progress');
    this.summary = t('import-summary');
    this.cancel = t('import-cancel');
  }

  /** Opens the dialog from the top bar, or from the first-run screen. */
  async openDialog(): Promise<void> {
    const button = this.page
      .getByTestId('open-import')
      .or(this.page.getByTestId('first-run-import'));
    await button.first().click();
    await expect(this.dialog).toBeVisible();
  }

  /** Adds files (uploaded to the server) and waits until the list shows them all. */
  async addFiles(files: string[]): Promise<void> {
    await this.fileInput.setInputFiles(files);
    await expect(this.fileList.locator('li')).toHaveCount(files.length, { timeout: 60_000 });
  }

  /** Files → mapping; waits for the first preview (or its error). */
  async toMapping(): Promise<void> {
    await this.next.click();
    await expect(this.preview.or(this.previewError)).toBeVisible({ timeout: 30_000 });
  }

  /** Waits until the preview reflects the latest edits (no request pending). */
  async previewSettled(): Promise<void> {
    await expect(this.previewStatus).not.toContainText('updating', { timeout: 30_000 });
    await expect(this.previewStatus).not.toContainText('reading the start', { timeout: 30_000 });
  }

  /** Opens the dialog, adds `files` and goes on to the mapping step (its first preview shown). */
  async mapFiles(files: string[]): Promise<void> {
    await this.openDialog();
    await this.addFiles(files);
    await this.toMapping();
  }

  /**
   * Fills the mapping step's fields that `mapping` names (the format first: choosing one
   * resets the others), then waits for the preview to reflect them.
   */
  async setMapping(mapping: ImportMapping): Promise<void> {
    if (mapping.format !== undefined) await this.format.selectOption(mapping.format);
    if (mapping.pattern !== undefined) await this.pattern.fill(mapping.pattern);
    if (mapping.instance !== undefined) await this.instance.fill(mapping.instance);
    if (mapping.stream !== undefined) await this.stream.fill(mapping.stream);
    if (mapping.type !== undefined) await this.type.fill(mapping.type);
    if (mapping.time !== undefined) await this.time.fill(mapping.time);
    if (mapping.timeFormat !== undefined) await this.timeFormat.selectOption(mapping.timeFormat);
    if (mapping.timePattern !== undefined) await this.timePattern.fill(mapping.timePattern);
    if (mapping.year !== undefined) await this.year.fill(mapping.year);
    await this.previewSettled();
  }

  async run(): Promise<void> {
    await expect(this.start).toBeEnabled();
    await this.start.click();
  }

  /** Starts the import and waits until it has finished as done. */
  async runToDone(): Promise<void> {
    await this.run();
    expect(await this.finished()).toBe('done');
  }

  /** Waits for the summary; returns its state (done, cancelled, failed). */
  async finished(timeout = 120_000): Promise<string | null> {
    await expect(this.summary).toBeVisible({ timeout });
    return this.summary.getAttribute('data-state');
  }

  async importedCount(): Promise<number> {
    return Number((await this.page.getByTestId('import-imported').innerText()).replace(/,/gu, ''));
  }

  /** queryEvents over the server's HTTP API: the stored truth, independent of the UI. */
  async query(query: unknown): Promise<{ total: number; aggregation?: unknown }> {
    const data = await callApi<{ result: { total: number; aggregation?: unknown } }>(
      this.server,
      'queryEvents',
      { query },
    );
    return data.result;
  }

  async count(instance: string): Promise<number> {
    return (await this.query({ from: { instance }, limit: 1 })).total;
  }

  async instanceNames(): Promise<string[]> {
    const data = await callApi<{ instances: { name: string }[] }>(this.server, 'listInstances', {});
    return data.instances.map((i) => i.name).filter((n) => n !== '_eventlens');
  }
}
