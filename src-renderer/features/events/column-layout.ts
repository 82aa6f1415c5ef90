/** A column as the layout sees it. */
export interface SizedColumn {
  id: string;
  size: number;
  minSize: number;
}

/**
 * The widths the columns are drawn at: each its own size, except the flexible one (the payload
 * summary), which takes what the pane leaves and never less than its minimum. So the table
 * fits the pane unless the other columns alone are wider, and the summary's text is cut where
 * it is seen, not past the pane's edge.
 */
export function layoutColumns(
  columns: readonly SizedColumn[],
  flexibleId: string,
  paneWidth: number,
): { widths: number[]; total: number } {
  const fixed = columns.reduce((sum, c) => sum + (c.id === flexibleId ? 0 : c.size), 0);
  const widths = columns.map((c) =>
    c.id === flexibleId ? Math.max(c.minSize, Math.floor(paneWidth - fixed)) : c.size,
  );
  return { widths, total: widths.reduce((a, b) => a + b, 0) };
}
