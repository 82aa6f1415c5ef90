import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A large generated NDJSON file (for cancel and progress), built once and cached under the temp
 * dir keyed by its parameters. Written in chunks: never held whole in memory.
 */
export function bigNdjson(lines: number): string {
  const file = path.join(os.tmpdir(), `eventlens-e2e-big-${lines}-v1.ndjson`);
  if (fs.existsSync(file)) return file;
  const partial = `${file}.${process.pid}.part`;
  const fd = fs.openSync(partial, 'w');
  try {
    const types = ['page.viewed', 'cart.added', 'order.placed', 'user.login', 'search'];
    let chunk = '';
    for (let i = 0; i < lines; i++) {
      chunk +=
        `{"user":"u${i % 5000}","action":"${types[i % types.length]}",` +
        `"ts":${1_700_000_000_000 + i * 250},"n":${i},"path":"/p/${i % 977}","ms":${(i * 37) % 1000}}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  return file;
}
