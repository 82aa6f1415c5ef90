/**
 * The search box's hint, as long as its width allows: cut by the box's edge it read
 * 'Search every field: words, "a phrase", Aa' at 1024 wide (the toggles after the cut), which
 * says less than a shorter hint shown whole. Longest first; the last is shown when none fits.
 */
export const searchHints = {
  words: [
    'Search every field: words, "a phrase", -exclude, /regex/, field:value   ( / )',
    'Search every field: words, "a phrase", -exclude, field:value   ( / )',
    'Search every field: words, "a phrase"   ( / )',
    'Search every field   ( / )',
    'Search ( / )',
  ],
  regex: [
    'Search with a regular expression, in every field   ( / )',
    'A regular expression, in every field   ( / )',
    'Regular expression   ( / )',
    'Regex ( / )',
  ],
} as const;

/** The longest hint whose width (`measure`, px) fits `room` px; the shortest when none does. */
export function fittingHint(
  hints: readonly string[],
  room: number,
  measure: (text: string) => number,
): string {
  return hints.find((hint) => measure(hint) <= room) ?? hints[hints.length - 1]!;
}

let canvas: HTMLCanvasElement | undefined;

/** The width of `text` in an input's own font (the placeholder's), px. */
export function textWidthIn(input: HTMLInputElement, text: string): number {
  canvas ??= document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) return 0;
  context.font = getComputedStyle(input).font;
  return context.measureText(text).width;
}

/** The room an input gives its text: its client width less its padding, px. */
export function textRoomOf(input: HTMLInputElement): number {
  const style = getComputedStyle(input);
  return input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}
