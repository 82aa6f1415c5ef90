import type { PathSegment } from '../../../src-shared/contract/fields';

/**
 * The SQLite JSON path of a validated field path: `$.user."id.orig_h"[0]`. Every key is written
 * as a JSON string (SQLite 3.45+ reads JSON escapes inside quoted labels), so keys holding dots,
 * brackets, quotes, backslashes or control characters are addressed exactly. The result is
 * always bound as a parameter, never spliced into SQL text.
 */
export function sqlJsonPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const seg of segments) {
    out += typeof seg === 'number' ? `[${seg}]` : `.${JSON.stringify(seg)}`;
  }
  return out;
}
