import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** An output that cannot be written: the message names the path. */
export class ExportOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportOutputError';
  }
}

/**
 * Where an export writes: a temp file beside the target, renamed over it when complete. A
 * cancelled or failed export leaves no half file behind, and an older file of that name stays
 * until the new one is whole.
 */
export class FileSink {
  readonly temp: string;
  bytes = 0;
  private readonly stream: fs.WriteStream;
  private failure: Error | null = null;

  constructor(readonly target: string) {
    const dir = path.dirname(path.resolve(target));
    if (!fs.existsSync(dir))
      throw new ExportOutputError(`${target}: the folder ${dir} does not exist`);
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      throw new ExportOutputError(`${target}: is a folder; give a file name`);
    }
    const unique = `${process.pid}-${randomBytes(4).toString('hex')}`;
    this.temp = path.join(dir, `.${path.basename(target)}.${unique}.partial`);
    try {
      fs.writeFileSync(this.temp, '');
    } catch (err) {
      throw new ExportOutputError(`${target}: cannot write there (${(err as Error).message})`);
    }
    this.stream = fs.createWriteStream(this.temp, { highWaterMark: 1 << 20 });
    this.stream.on('error', (err) => (this.failure = err));
  }

  /** Writes and waits when the stream is full, so memory stays flat however big the export. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const done = (err?: Error) => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          if (err) reject(err);
          else resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('error', done);
      });
    }
  }

  /** Completes the file: flush, close, rename over the target. */
  async commit(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failure) throw this.failure;
    fs.renameSync(this.temp, this.target);
  }

  /** Drops what was written. */
  async abort(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.stream.closed) resolve();
      else this.stream.destroy();
      this.stream.once('close', () => resolve());
    });
    fs.rmSync(this.temp, { force: true });
  }
}
