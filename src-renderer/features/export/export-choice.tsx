import type { ReactNode } from 'react';
import type { ExportFormat } from '../../../src-shared/contract/export-spec';
import { Segmented } from '../../components/segmented';
import { eventFormats, formatLabels } from './export-model';

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

/** One option of a radio group: its value, label and hint; a disabled one says why in its hint. */
export interface ChoiceOption<V extends string> {
  value: V;
  label: ReactNode;
  hint?: ReactNode;
  disabled?: boolean;
}

/**
 * A group of radio `ExportChoice`s, one per option, named `name`: each option's test id is
 * `${name}-${value}`. Options that do not apply are left out of the list by the caller.
 */
export function ExportChoices<V extends string>(props: {
  name: string;
  label: string;
  options: (ChoiceOption<V> | false)[];
  value: V;
  onChange: (value: V) => void;
  row?: boolean;
}) {
  return (
    <div
      className={props.row ? 'export-choices export-choices-row' : 'export-choices'}
      role="radiogroup"
      aria-label={props.label}
    >
      {props.options.map(
        (o) =>
          o && (
            <ExportChoice
              key={o.value}
              name={props.name}
              testId={`${props.name}-${o.value}`}
              checked={props.value === o.value}
              disabled={o.disabled}
              onChange={() => props.onChange(o.value)}
              label={o.label}
              hint={o.hint}
            />
          ),
      )}
    </div>
  );
}

/**
 * The export's format, one of every format there is: those `allowed` does not hold (an
 * aggregation's) stay in view, disabled, their title saying why.
 */
export function FormatChoice(props: {
  allowed: readonly ExportFormat[];
  value: ExportFormat;
  onChange: (format: ExportFormat) => void;
}) {
  const { allowed } = props;
  return (
    <Segmented
      label="format"
      kind="radio"
      options={eventFormats}
      value={props.value}
      onChange={props.onChange}
      render={(f) => formatLabels[f]}
      testId={(f) => `export-format-${f}`}
      disabled={(f) => !allowed.includes(f)}
      title={(f) => (allowed.includes(f) ? undefined : 'Aggregations export as CSV or JSON')}
    />
  );
}
