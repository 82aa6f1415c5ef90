import { expect, type Locator, type Page } from '@playwright/test';
import type { ServeProcess } from '../../src-main/test-support/serve-process';

/** The minimal shell: status badges, the create form, the instance list, the change log. */
export class ShellPage {
  readonly transport: Locator;
  readonly connection: Locator;
  readonly nameInput: Locator;
  readonly createButton: Locator;
  readonly createError: Locator;
  readonly rows: Locator;
  readonly total: Locator;
  readonly changeLog: Locator;
  readonly listError: Locator;
  readonly missingToken: Locator;

  constructor(
    readonly page: Page,
    readonly server: ServeProcess,
  ) {
    this.transport = page.getByTestId('transport');
    this.connection = page.getByTestId('connection');
    this.nameInput = page.getByTestId('create-name');
    this.createButton = page.getByTestId('create-submit');
    this.createError = page.getByTestId('create-error');
    this.rows = page.getByTestId('instance-row');
    this.total = page.getByTestId('instance-total');
    this.changeLog = page.getByTestId('change-log');
    this.listError = page.getByTestId('list-error');
    this.missingToken = page.getByTestId('missing-token');
  }

  /** Opens the printed address and waits until change events flow. */
  async open(url = this.server.url): Promise<void> {
    await this.page.goto(url);
    await this.waitLive();
  }

  async waitLive(): Promise<void> {
    await expect(this.connection).toHaveAttribute('data-state', 'live');
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="instance-row"][data-instance-name="${name}"]`);
  }

  eventCount(name: string): Locator {
    return this.row(name).getByTestId('event-count');
  }

  async createInstance(name: string): Promise<void> {
    await this.nameInput.fill(name);
    await this.createButton.click();
  }
}
