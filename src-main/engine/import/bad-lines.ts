import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BadLine } from '../../../src-shared/contract/import-spec';

const textLimit = 300;

/**
 * Bad lines of an import: every one is counted, the first `keep` stay in memory for the report,
 * and all of them go to a file: the one asked for, or (once more than `keep` came) a temp file,
 * so the full list always exists somewhere the user can save it from.
 * NDJSON when the file name ends in .json/.jsonl/.ndjson, else one line per bad line.
 */
export class BadLineCollector {
  readonly kept: BadLine[] = [];
  count = 0;
  private fd: number | null = null;
  private file: string | null;
  private readonly json: boolean;

  constructor(
    private readonly keep: number,
    reportFile: string | undefined,
  ) {
    this.file = reportFile ?? null;
    this.json = reportFile !== undefined && /\.(json|jsonl|ndjson)$/iu.test(reportFile);
    if (reportFile !== undefined) this.open(reportFile);
  }

  add(file: string, line: number, reason: string, text: string): void {
    this.count++;
    const bad: BadLine = { file, line, reason, text: text.slice(0, textLimit) };
    if (this.kept.length < this.keep) this.kept.push(bad);
    else if (this.fd === null) {
      // More than we keep: spill everything, from the first, to a temp file.
      this.file = path.join(os.tmpdir(), `eventlens-bad-lines-${process.pid}-${Date.now()}.txt`);
      this.open(this.file);
      for (const k of this.kept) this.write(k);
      this.write(bad);
      return;
    }
    if (this.fd !== null) this.write(bad);
  }

  /** The report file's path (null when none was asked for and few lines were bad). */
  get reportFile(): string | null {
    return this.fd === null && this.file === null ? null : this.file;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private open(file: string): void {
    try {
      this.fd = fs.openSync(file, 'w');
    } catch (err) {
      throw new Error(`${file}: cannot write the report (${(err as Error).message})`);
    }
    if (!this.json) {
      fs.writeSync(
        this.fd,
        '# Eventlens import: lines that were not imported (file:line: reason)\n',
      );
    }
  }

  private write(bad: BadLine): void {
    const text = this.json
      ? JSON.stringify(bad) + '\n'
      : `${bad.file}:${bad.line}: ${bad.reason}\n    ${bad.text.replace(/\r?\n/gu, '\\n')}\n`;
    fs.writeSync(this.fd!, text);
  }
}
