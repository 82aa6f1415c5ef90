/**
 * The renderer's Content-Security-Policy, the same in Electron (custom protocol) and in browser
 * mode (HTTP header): only our own scripts, styles and endpoints; no inline script, no eval, no
 * plugins, no framing, no form posts, no <base> tricks. Data flows only to `'self'`.
 */
export const rendererCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Only for `electron-vite dev`, where Vite's dev server injects an inline React-refresh preamble
 * and talks to its own WebSocket. Never used for built files.
 */
export function devRendererCsp(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/u, 'ws');
  return rendererCsp
    .replace("script-src 'self'", `script-src 'self' 'unsafe-inline' ${devOrigin}`)
    .replace("style-src 'self'", `style-src 'self' 'unsafe-inline' ${devOrigin}`)
    .replace("connect-src 'self'", `connect-src 'self' ${devOrigin} ${ws}`);
}

/** Headers every response carrying the renderer gets, in both modes. */
export const rendererSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': rendererCsp,
  'X-Content-Type-Options': 'nosniff',
  // The browser-mode URL carries the launch token: never send it anywhere in a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
