import fs from 'node:fs';
import path from 'node:path';

const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  file: string;
  contentType: string;
  /** index.html must never be cached (it names the hashed assets of this build). */
  isIndex: boolean;
}

/**
 * Maps a URL path onto a file of the built renderer, or null. Paths are decoded once, must stay
 * inside `root` after resolution (no `..`, no absolute paths, no NUL), and must name a regular
 * file with a known type. `/` is index.html.
 */
export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/u, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  const inside = path.relative(base, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  const contentType = mimeTypes[path.extname(file).toLowerCase()];
  if (!contentType) return null;
  try {
    // realpath: a symlink inside the folder must not lead out of it.
    const real = fs.realpathSync(file);
    const realBase = fs.realpathSync(base);
    const realInside = path.relative(realBase, real);
    if (realInside.startsWith('..') || path.isAbsolute(realInside)) return null;
    if (!fs.statSync(real).isFile()) return null;
    return { file: real, contentType, isIndex: inside === 'index.html' };
  } catch {
    return null;
  }
}
