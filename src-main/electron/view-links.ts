import { maxViewLinkLength, parseViewLink } from '../../src-shared/contract/view-link';
import { appHost, appScheme } from './trusted-urls';

/**
 * `eventlens://` links from outside the app (a browser, a chat, the shell): the address of a
 * view, as "Copy link" gives it in the desktop app — `eventlens://app/index.html#instance=…`
 * (or `eventlens://app/#…`). Only the fragment is taken from such a link, after the same
 * checks the renderer makes (view-link.ts); the window is then sent to the app's own entry
 * with that fragment. Plain functions (no electron import) so they are unit-tested.
 */
export type LinkTarget = { ok: true; url: string } | { ok: false; error: string };

const entryPaths = new Set(['', '/', '/index.html']);

/** The app URL (`entryUrl` + fragment) that shows the view `link` names, or why not. */
export function appUrlForLink(link: string, entryUrl: string): LinkTarget {
  if (link.length > maxViewLinkLength + 256)
    return { ok: false, error: 'the link is too long to be a view of Eventlens' };
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { ok: false, error: 'it is not a link' };
  }
  if (url.protocol !== `${appScheme}:`)
    return { ok: false, error: `it is not an ${appScheme}:// link` };
  if (url.host !== appHost || !entryPaths.has(url.pathname) || url.search !== '')
    return {
      ok: false,
      error: `it does not name a view (${appScheme}://${appHost}/#instance=…, as "Copy link" gives)`,
    };
  const parsed = parseViewLink(url.hash);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (!parsed.view) return { ok: true, url: entryUrl };
  return { ok: true, url: `${entryUrl}${url.hash}` };
}

/**
 * The link among a process's arguments (Windows and Linux start the app, or hand the running
 * one via `second-instance`, with the link as an argument), or null. Options are skipped.
 */
export function linkInArgv(argv: readonly string[]): string | null {
  return argv.find((a) => a.toLowerCase().startsWith(`${appScheme}://`)) ?? null;
}
