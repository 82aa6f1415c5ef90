import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-db';
import { defaultWindowState, isReachable, loadWindowState, saveWindowState } from './window-state';

const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.cleanup());

describe('window state', () => {
  it('round-trips size, position and maximized', () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'sub', 'window-state.json');
    const state = { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file, screen)).toEqual(state);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
  });

  it('falls back to the defaults for a missing or malformed file', () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'window-state.json');
    expect(loadWindowState(file, screen)).toEqual(defaultWindowState);
    for (const text of ['{', '[]', 'null', '{"bounds":{"width":"wide","height":3}}']) {
      fs.writeFileSync(file, text);
      expect(loadWindowState(file, screen), text).toEqual(defaultWindowState);
    }
  });

  it('drops a position that no display shows, keeps the size, enforces a minimum', () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'window-state.json');
    saveWindowState(file, {
      bounds: { x: 3000, y: 100, width: 200, height: 900 },
      maximized: false,
    });
    expect(loadWindowState(file, screen)).toEqual({
      bounds: { width: 640, height: 900 },
      maximized: false,
    });
  });

  it('knows which positions are reachable', () => {
    expect(isReachable({ x: 10, y: 10, width: 800, height: 600 }, screen)).toBe(true);
    expect(isReachable({ x: -650, y: 10, width: 800, height: 600 }, screen)).toBe(true);
    expect(isReachable({ x: -750, y: 10, width: 800, height: 600 }, screen)).toBe(false);
    expect(isReachable({ x: -900, y: 10, width: 800, height: 600 }, screen)).toBe(false);
    expect(isReachable({ x: 10, y: -20, width: 800, height: 600 }, screen)).toBe(false);
    expect(isReachable({ x: 10, y: 1020, width: 800, height: 600 }, screen)).toBe(false);
    const twoScreens = [...screen, { x: 1920, y: 0, width: 1280, height: 1024 }];
    expect(isReachable({ x: 2500, y: 100, width: 800, height: 600 }, twoScreens)).toBe(true);
  });
});
