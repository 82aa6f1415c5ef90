import { fitText, type Measure } from '../events/fit-text';

/**
 * Category labels on a chart's axis: the axis is as wide as its longest label needs, up to
 * `max` px; a label longer than that is cut with "…" (the full text is its tooltip). So
 * "PullRequestReviewCommentEvent" fits whole beside the bars, and a 200-character URL does not
 * squeeze the bars away.
 */
export interface LabelAxis {
  /** The axis's width: the labels' room plus `pad` (the tick and the gap). */
  width: number;
  /** A label as drawn: whole when it fits, else cut to the room. */
  fit(label: string): string;
}

export function labelAxis(
  labels: readonly string[],
  measure: Measure,
  options: { max: number; pad: number; min?: number },
): LabelAxis {
  const room = options.max - options.pad;
  const widest = labels.reduce((w, l) => Math.max(w, measure(l)), 0);
  const text = Math.min(room, Math.ceil(widest));
  return {
    width: Math.max(options.min ?? 0, text + options.pad),
    fit: (label) => fitText(label, room, measure),
  };
}
