import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../electron.vite.config';
import { repoRoot, requireBuild } from '../test-support/built-cli';
import { outsideAsar } from './database';
import { menuTemplate } from './menu-template';

/**
 * What only a development build has: the renderer URL from the environment (which would be
 * loaded and trusted as the app's own origin) and the developer tools. A user's build (npm run
 * build, npm start, npm run dist) has no code for them at all.
 */
describe('a production build of the desktop shell', () => {
  it('has no developer tools in its menus', () => {
    for (const isMac of [false, true]) {
      const template = menuTemplate({
        isMac,
        appName: 'Eventlens',
        showDatabase: () => {},
        backUp: () => {},
        openFiles: () => {},
        showAbout: () => {},
      });
      const text = JSON.stringify(template);
      expect(text).toContain('"role":"reload"');
      expect(text).toContain('Back Up…');
      expect(text).toContain('"label":"Open…","accelerator":"CmdOrCtrl+O"');
      expect(text).not.toMatch(/devtools/iu);
    }
  });

  it('has no code that reads ELECTRON_RENDERER_URL or opens the developer tools', () => {
    requireBuild();
    const main = fs.readFileSync(path.join(repoRoot, 'out', 'main', 'index.js'), 'utf8');
    expect(main).toContain('eventlens://'); // the renderer comes from the app's own scheme
    expect(main).not.toContain('ELECTRON_RENDERER_URL');
    expect(main).not.toMatch(/devtools/iu);
    expect(main).not.toContain('__EVENTLENS_DEV__');
  });

  it('leaves them to `electron-vite dev` alone (its main bundle is built with the flag on)', () => {
    const define = (command: 'build' | 'serve') => {
      if (typeof viteConfig !== 'function') throw new Error('electron.vite.config: not a function');
      const mode = command === 'serve' ? 'development' : 'production';
      return (viteConfig({ command, mode }) as { main?: { define?: unknown } }).main?.define;
    };
    expect(define('build')).toEqual({ __EVENTLENS_DEV__: 'false' });
    expect(define('serve')).toEqual({ __EVENTLENS_DEV__: 'true' });
  });
});

describe('native code in a packaged app', () => {
  it('is loaded from app.asar.unpacked, beside the archive the OS cannot read', () => {
    const asar = path.join('/opt', 'Eventlens', 'resources', 'app.asar');
    expect(outsideAsar(path.join(asar, 'native', 'electron', 'better_sqlite3.node'))).toBe(
      path.join(`${asar}.unpacked`, 'native', 'electron', 'better_sqlite3.node'),
    );
    // Outside a package (npm start), and folders that merely look alike, stay as they are.
    for (const p of ['/home/me/eventlens/native/electron/x.node', '/srv/my.app.asar.d/x.node']) {
      expect(outsideAsar(p)).toBe(p);
    }
  });
});
