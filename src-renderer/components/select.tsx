import type { ReactNode } from 'react';

/**
 * A drop-down of a few known choices (`.select`, kit.css), told like Segmented: the options, the
 * chosen one, what each shows. `className` replaces the kit's `select` (`select select-compact`).
 * It is named by `label`, or by a form's `<label>` for its `id`.
 */
export function Select<T extends string>(props: {
  label?: string;
  id?: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  /** What an option shows; the option itself by default. */
  render?: (option: T) => ReactNode;
  testId?: string;
  className?: string;
}) {
  return (
    <select
      id={props.id}
      className={props.className ?? 'select'}
      aria-label={props.label}
      data-testid={props.testId}
      value={props.value}
      // The options are all T: the element only gives them back as strings.
      onChange={(e) => props.onChange(e.target.value as T)}
    >
      {props.options.map((option) => (
        <option key={option} value={option}>
          {props.render ? props.render(option) : option}
        </option>
      ))}
    </select>
  );
}
