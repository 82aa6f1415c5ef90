import { protocol } from 'electron';
import fs from 'node:fs';
import { rendererSecurityHeaders } from '../security/content-security-policy';
import { resolveStaticFile } from '../server/static-files';
import { appHost, appScheme } from './trusted-urls';

/**
 * Must run before `app.ready`. A standard, secure scheme gives the renderer a real origin
 * (`eventlens://app`), module scripts, and a place to send the CSP header — file:// has none
 * of these, and Electron's security guide advises against it.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `rendererDir`, with the same headers as browser mode. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const file = url.host === appHost ? resolveStaticFile(rendererDir, url.pathname) : null;
    if (!file || request.method !== 'GET') {
      return new Response('not found', { status: 404, headers: { ...rendererSecurityHeaders } });
    }
    const body = await fs.promises.readFile(file.file);
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': file.contentType, ...rendererSecurityHeaders },
    });
  });
}
