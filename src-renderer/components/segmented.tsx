import type { ReactNode } from 'react';

/**
 * A row of joined buttons of which one is chosen (`.segmented`, kit.css): Local | UTC,
 * Results | Chart, a format. `kind` says what assistive technology hears: `toggle` buttons
 * (pressed or not), `radio` buttons of one group, or the `tab`s of a view. The chosen one is
 * `aria-pressed`, `aria-checked` or `aria-selected` by its kind (each role allows only its own),
 * and the kit's style follows all three. A `className` gives the row a look of its own instead
 * of the kit's joined buttons (its CSS marks the chosen one by the same attribute).
 */
export function Segmented<T extends string>(props: {
  label: string;
  kind: 'toggle' | 'radio' | 'tab';
  options: readonly T[];
  value: T | null;
  onChange: (value: T) => void;
  /** What a button shows; the option itself by default. */
  render?: (option: T) => ReactNode;
  testId?: (option: T) => string;
  title?: (option: T) => string | undefined;
  disabled?: (option: T) => boolean;
  small?: boolean;
  className?: string;
}) {
  const group = { toggle: 'group', radio: 'radiogroup', tab: 'tablist' }[props.kind];
  return (
    <div
      className={props.className ?? (props.small ? 'segmented segmented-small' : 'segmented')}
      role={group}
      aria-label={props.label}
    >
      {props.options.map((option) => {
        const on = option === props.value;
        return (
          <button
            key={option}
            type="button"
            role={props.kind === 'toggle' ? undefined : props.kind}
            aria-checked={props.kind === 'radio' ? on : undefined}
            aria-selected={props.kind === 'tab' ? on : undefined}
            aria-pressed={props.kind === 'toggle' ? on : undefined}
            disabled={props.disabled?.(option)}
            data-testid={props.testId?.(option)}
            title={props.title?.(option)}
            onClick={() => props.onChange(option)}
          >
            {props.render ? props.render(option) : option}
          </button>
        );
      })}
    </div>
  );
}
