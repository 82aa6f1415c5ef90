/** A column as the layout sees it. */
export interface SizedColumn {
  id: string;
  size: number;
  minSize: number;
  /** Drawn at its size however narrow the pane (the time: a cut timestamp is no timestamp). */
  keep?: boolean;
}

/** The summary's share of a narrow pane, at most `summaryWant` px. */
const summaryShare = 0.25;
const summaryWant = 240;

/**
 * The widths the columns are drawn at: each its own size, except the flexible one (the payload
 * summary), which takes what the pane leaves. In a narrow pane (a 1024 px window with the
 * detail open) the summary, the one column that says what happened, still gets 25% of the
 * pane up to 240 px: the other columns give up width for it, each in proportion to what it has
 * above its minimum, never below that. Only then is the table wider than the pane.
 */
export function layoutColumns(
  columns: readonly SizedColumn[],
  flexibleId: string,
  paneWidth: number,
): { widths: number[]; total: number } {
  const flexible = columns.find((c) => c.id === flexibleId);
  const fixed = columns.reduce((sum, c) => sum + (c.id === flexibleId ? 0 : c.size), 0);
  let scale = 1;
  if (flexible) {
    const want = Math.max(flexible.minSize, Math.min(summaryWant, paneWidth * summaryShare));
    const deficit = fixed + want - paneWidth;
    const spare = columns.reduce(
      (sum, c) => sum + (c.id === flexibleId || c.keep ? 0 : Math.max(0, c.size - c.minSize)),
      0,
    );
    if (deficit > 0 && spare > 0) scale = 1 - Math.min(1, deficit / spare);
  }
  const sized = columns.map((c) =>
    c.id === flexibleId || c.keep || c.size <= c.minSize
      ? c.size
      : Math.floor(c.minSize + (c.size - c.minSize) * scale),
  );
  const taken = sized.reduce((sum, w, i) => sum + (columns[i]!.id === flexibleId ? 0 : w), 0);
  const widths = columns.map((c, i) =>
    c.id === flexibleId ? Math.max(c.minSize, Math.floor(paneWidth - taken)) : sized[i]!,
  );
  return { widths, total: widths.reduce((a, b) => a + b, 0) };
}
