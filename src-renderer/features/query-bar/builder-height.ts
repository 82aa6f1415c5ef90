/**
 * The builder panel's height: the user's (dragged or set with the keyboard, remembered across
 * sessions), else a share of the window that leaves the results most of the height — at
 * 1280×800 the builder gets 300 px and the results below it about 280.
 */
const storageKey = 'eventlens.builderHeight';
export const minBuilderHeight = 150;

export function defaultBuilderHeight(windowHeight: number): number {
  return Math.round(Math.min(420, Math.max(200, windowHeight * 0.375)));
}

/** The most the builder may take: the results keep at least 160 px under it. */
export function maxBuilderHeight(windowHeight: number): number {
  return Math.max(minBuilderHeight, windowHeight - 400);
}

export function storedBuilderHeight(): number | null {
  try {
    const v = Number(localStorage.getItem(storageKey));
    return Number.isFinite(v) && v >= minBuilderHeight ? v : null;
  } catch {
    return null;
  }
}

export function storeBuilderHeight(px: number): void {
  try {
    localStorage.setItem(storageKey, String(Math.round(px)));
  } catch {
    // storage disabled: the height lasts this session
  }
}
