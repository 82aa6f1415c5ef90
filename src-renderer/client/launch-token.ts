const storageKey = 'eventlens.token';

/**
 * Browser mode's token arrives once, in the address the server printed (`/?token=...`), and is
 * removed from the address bar at once, so it does not linger in history, bookmarks, screenshots
 * or a copied link. It is kept in this tab's sessionStorage and in the origin's localStorage:
 * the origin is this server's own (`127.0.0.1:PORT`, nothing else is served there), and a link
 * to a view ("Copy link", which never carries the token) pasted into another tab of the same
 * browser then opens without the printed address again. The token is per launch: a stored one
 * is worthless once that server stops, and a newer printed address replaces it.
 */
export function takeLaunchToken(win: Window = window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    for (const storage of storages(win)) {
      try {
        storage().setItem(storageKey, fromUrl);
      } catch {
        // storage disabled: the token lives only as long as this page
      }
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  for (const storage of storages(win)) {
    try {
      const stored = storage().getItem(storageKey);
      if (stored) return stored;
    } catch {
      // storage disabled
    }
  }
  return null;
}

/** This tab's first (the launch it was opened with), then the origin's. */
const storages = (win: Window) => [() => win.sessionStorage, () => win.localStorage];
