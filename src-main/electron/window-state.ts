import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered of the main window between runs (a small JSON file in userData). */
export interface WindowState {
  bounds: Partial<Rect> & { width: number; height: number };
  maximized: boolean;
}

export const defaultWindowState: WindowState = {
  bounds: { width: 1280, height: 800 },
  maximized: false,
};

const minSize = { width: 640, height: 420 };

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 100_000;
}

/**
 * True when the window's title bar can be grabbed: at least 100 px of its top 50 px strip lie on
 * some display's work area. A window saved on a monitor that is now unplugged must not open
 * off-screen.
 */
export function isReachable(bounds: Rect, workAreas: readonly Rect[]): boolean {
  const need = Math.min(100, bounds.width);
  return workAreas.some((a) => {
    const overlap = Math.min(bounds.x + bounds.width, a.x + a.width) - Math.max(bounds.x, a.x);
    return overlap >= need && bounds.y >= a.y && bounds.y + 50 <= a.y + a.height;
  });
}

/**
 * Reads the saved state; anything missing, malformed or off every display falls back to the
 * defaults (a position that cannot be reached is dropped, the size is kept).
 */
export function loadWindowState(file: string, workAreas: readonly Rect[]): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return structuredClone(defaultWindowState);
  }
  const s = raw as { bounds?: Partial<Record<keyof Rect, unknown>>; maximized?: unknown };
  const b = s?.bounds;
  if (!b || !isInt(b.width) || !isInt(b.height)) return structuredClone(defaultWindowState);
  const width = Math.max(minSize.width, b.width);
  const height = Math.max(minSize.height, b.height);
  const state: WindowState = { bounds: { width, height }, maximized: s.maximized === true };
  if (isInt(b.x) && isInt(b.y) && isReachable({ x: b.x, y: b.y, width, height }, workAreas)) {
    state.bounds.x = b.x;
    state.bounds.y = b.y;
  }
  return state;
}

/** Writes atomically (temp file + rename): a crash mid-write never leaves half a JSON file. */
export function saveWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}
