import fs from 'node:fs';
import { seededRandom } from '../../src-shared/demo/random';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const paths = ['/', '/search?q=lamp', '/cart', '/checkout', '/api/v2/products', '/static/app.js'];
const agents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'curl/8.5.0',
];
const statuses = [200, 200, 200, 200, 200, 304, 301, 404, 500];

const two = (n: number) => String(n).padStart(2, '0');

/** `[07/Dec/2026:04:13:25 +0000]`'s inside, from epoch ms (UTC). */
function clf(ms: number): string {
  const d = new Date(ms);
  return (
    `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

/**
 * Writes an Apache/Nginx access log ("combined" format, as the apache-combined preset reads it)
 * of about `bytes` bytes: deterministic, 10 requests a second from 2026-01-01, written in 1 MiB
 * pieces. Returns the number of lines.
 */
export function writeAccessLog(file: string, bytes: number, seed = 1): number {
  const r = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const fd = fs.openSync(`${file}.part`, 'w');
  let written = 0;
  let lines = 0;
  let chunk = '';
  const t0 = Date.UTC(2026, 0, 1);
  try {
    while (written + chunk.length < bytes) {
      chunk +=
        `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)} - - [${clf(t0 + lines * 100)}] ` +
        `"${r() < 0.85 ? 'GET' : 'POST'} ${pick(paths)} HTTP/1.1" ${pick(statuses)} ` +
        `${int(200, 90_000)} "-" "${pick(agents)}"\n`;
      lines++;
      if (chunk.length >= 1 << 20) {
        fs.writeSync(fd, chunk);
        written += chunk.length;
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(`${file}.part`, file);
  return lines;
}
