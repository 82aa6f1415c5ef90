import type { ReactNode } from 'react';

/**
 * A determinate progress bar with its figure written over it: `value` of `max` (a percentage,
 * or a count such as events of all events).
 */
export function ProgressBar(props: {
  value: number;
  max: number;
  label: ReactNode;
  testId?: string;
}) {
  const { value, max } = props;
  const share = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Math.floor(value)}
      data-testid={props.testId}
    >
      <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
      <em>{props.label}</em>
    </div>
  );
}
