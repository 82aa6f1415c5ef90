const storageKey = 'eventlens.token';

/**
 * Browser mode's token arrives once, in the address the server printed (`/?token=...`). It is
 * kept in sessionStorage (this tab only, gone when the tab closes) and removed from the address
 * bar at once, so it does not linger in history, bookmarks or screenshots.
 */
export function takeLaunchToken(win: Window = window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(storageKey, fromUrl);
    } catch {
      // storage disabled: the token lives only as long as this page
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}
