import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileResolver, ImportFileRef } from './import-requests';

/**
 * Browser mode's uploads: each file is streamed to disk in a directory the server owns (never
 * held in memory; no size limit but the disk), under its sanitised name, and known by a random
 * ref. Gzip files are stored as they come; the reader unpacks them. Removed when the server stops.
 */
export class UploadStore implements FileResolver {
  readonly dir: string;
  private readonly files = new Map<string, { path: string; name: string; bytes: number }>();

  constructor(parent = os.tmpdir()) {
    this.dir = fs.mkdtempSync(path.join(parent, 'eventlens-uploads-'));
  }

  async receive(body: NodeJS.ReadableStream, rawName: string): Promise<ImportFileRef> {
    const ref = randomUUID();
    const name = sanitiseFileName(rawName);
    // One folder per upload: two files of the same name stay apart, and the file keeps its name
    // (the events' metadata records it).
    const folder = path.join(this.dir, ref);
    fs.mkdirSync(folder);
    const file = path.join(folder, name);
    try {
      await pipeline(body, fs.createWriteStream(file, { flags: 'wx' }));
    } catch (err) {
      fs.rmSync(folder, { recursive: true, force: true });
      throw err;
    }
    const bytes = fs.statSync(file).size;
    this.files.set(ref, { path: file, name, bytes });
    return { ref, name, bytes };
  }

  resolve(ref: string): { path: string; name: string } | undefined {
    return this.files.get(ref);
  }

  /** Where import reports go. */
  get reportDir(): string {
    return path.join(this.dir, 'reports');
  }

  close(): void {
    this.files.clear();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A file name safe to create: no folders, no control or reserved characters, no leading dots,
 * at most 120 characters (the extension kept: `.gz` and `.csv` matter to detection).
 */
export function sanitiseFileName(raw: string): string {
  const base = raw.split(/[/\\]/u).pop() ?? '';
  let name = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/gu, '_')
    .replace(/^[.\s]+/u, '')
    .trim();
  if (name.length > 120) {
    const ext = /(\.[A-Za-z0-9]{1,8}){0,2}$/u.exec(name)?.[0] ?? '';
    name = name.slice(0, 120 - ext.length) + ext;
  }
  return name.length > 0 ? name : 'upload';
}
