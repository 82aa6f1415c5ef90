import type { ReactNode } from 'react';

/**
 * One option of the export form: a radio button (one of a `name`d group) or a checkbox, with
 * its label and a quieter line that says what it means.
 */
export function ExportChoice(props: {
  testId: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ReactNode;
  hint?: ReactNode;
  /** The radio group; a checkbox without it. */
  name?: string;
  disabled?: boolean;
}) {
  return (
    <label className={props.disabled ? 'export-choice export-disabled' : 'export-choice'}>
      <input
        type={props.name ? 'radio' : 'checkbox'}
        name={props.name}
        data-testid={props.testId}
        disabled={props.disabled}
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span>
        {props.label}
        {props.hint !== undefined && <small>{props.hint}</small>}
      </span>
    </label>
  );
}
