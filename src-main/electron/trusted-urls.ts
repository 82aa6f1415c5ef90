/**
 * URL rules of the desktop shell. Plain functions (no electron import) so they are unit-tested.
 */

/** The custom protocol the built renderer is served from: `eventlens://app/index.html`. */
export const appScheme = 'eventlens';
export const appHost = 'app';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` belongs to the renderer we serve (exact origin match, never a prefix test). */
export function isAppUrl(url: string | undefined, origin: string): boolean {
  if (!url) return false;
  const parsed = parse(url);
  if (!parsed) return false;
  // A custom scheme's URL has origin "null" in WHATWG terms; compare its parts instead.
  return `${parsed.protocol}//${parsed.host}` === origin;
}

/** Links the system browser may open: http(s) only — never file:, javascript:, smb:, etc. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}
