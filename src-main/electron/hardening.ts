import { app, session, shell, type WebContents } from 'electron';
import { devRendererCsp } from '../security/content-security-policy';
import { isAppUrl, isExternalWebUrl } from './trusted-urls';

/**
 * Applies to every webContents the app ever creates: no navigation away from the app, no new
 * windows, no <webview>, and http(s) links opened in the system browser (nothing else is).
 */
export function hardenAllWebContents(appOrigin: string): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url, appOrigin)) return;
      event.preventDefault();
      openExternally(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, appOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
  });
}

function openExternally(url: string): void {
  if (isExternalWebUrl(url)) void shell.openExternal(url);
}

/** No camera, microphone, notifications, geolocation, ... : the app needs none. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/**
 * In `electron-vite dev` the renderer comes from Vite's dev server over http; the built app
 * gets its CSP from the app protocol instead.
 */
export function applyDevCsp(devOrigin: string): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (details.url.startsWith(devOrigin)) {
      headers['Content-Security-Policy'] = [devRendererCsp(devOrigin)];
    }
    callback({ responseHeaders: headers });
  });
}
