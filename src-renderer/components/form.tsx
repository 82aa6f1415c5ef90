import type { FormEvent, ReactNode } from 'react';

/**
 * A form's onSubmit that runs `submit` in the page: the browser's own submit (a navigation) is
 * prevented, so Enter in a field and the submit button both just run it.
 */
export function submitHandler(submit: () => void) {
  return (e: FormEvent) => {
    e.preventDefault();
    submit();
  };
}

/** A problem under the field it concerns (or under the form): announced, with its code. */
export function FieldError(props: {
  /** Nothing is shown without a message. */
  error: string | { message: string; code?: string } | null | undefined;
  testId?: string;
}) {
  const { error } = props;
  if (!error) return null;
  const { message, code } = typeof error === 'string' ? { message: error, code: undefined } : error;
  return (
    <p className="field-error" role="alert" data-testid={props.testId} data-code={code}>
      {message}
    </p>
  );
}

/**
 * A dialog form's buttons, right-aligned: Cancel, then the action. The action submits its form,
 * or runs `onAction` where there is no form. A `danger` action (a delete) is red, and Cancel
 * takes the focus so that Enter does not destroy anything.
 */
export function FormActions(props: {
  onCancel: () => void;
  action: ReactNode;
  testId: string;
  disabled?: boolean;
  danger?: boolean;
  onAction?: () => void;
}) {
  return (
    <div className="form-actions">
      <button type="button" className="button" onClick={props.onCancel} autoFocus={props.danger}>
        Cancel
      </button>
      <button
        type={props.onAction ? 'button' : 'submit'}
        className={`button ${props.danger ? 'button-danger' : 'button-primary'}`}
        data-testid={props.testId}
        disabled={props.disabled}
        onClick={props.onAction}
      >
        {props.action}
      </button>
    </div>
  );
}

/**
 * A labelled control of a form: the label above (a `<label>` tied to the control when `htmlFor`
 * names it, a caption otherwise), an optional muted hint after it, the control, and the
 * control's problem under it. `className` wraps the three in a block of that class.
 */
export function Field(props: {
  label: ReactNode;
  hint?: ReactNode;
  htmlFor?: string;
  children: ReactNode;
  error?: string | null;
  errorTestId?: string;
  className?: string;
}) {
  const label = (
    <>
      {props.label}
      {props.hint !== undefined && <span className="muted"> ({props.hint})</span>}
    </>
  );
  const body = (
    <>
      {props.htmlFor ? (
        <label className="form-label" htmlFor={props.htmlFor}>
          {label}
        </label>
      ) : (
        <span className="form-label">{label}</span>
      )}
      {props.children}
      <FieldError error={props.error} testId={props.errorTestId} />
    </>
  );
  return props.className ? <div className={props.className}>{body}</div> : body;
}

/**
 * A labelled text field of a dialog form (a `Field` around an input, or a textarea when `rows`
 * is given). Its test id is on the input.
 */
export function TextField(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  rows?: number;
  mono?: boolean;
  placeholder?: string;
  autoFocus?: boolean;
  autoComplete?: string;
  disabled?: boolean;
  error?: string | null;
  errorTestId?: string;
}) {
  // The control's own props; what is left (label, hint, error, errorTestId) is the Field's.
  const {
    id,
    value,
    onChange,
    testId,
    rows,
    mono,
    placeholder,
    autoFocus,
    autoComplete,
    disabled,
    ...labelled
  } = props;
  const field = {
    id,
    className: mono ? 'input mono' : 'input',
    'data-testid': testId,
    value,
    placeholder,
    autoFocus,
    disabled,
  };
  return (
    <Field {...labelled} htmlFor={id}>
      {rows ? (
        <textarea {...field} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...field} autoComplete={autoComplete} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** A checkbox with its text after it, as one clickable label. */
export function CheckField(props: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={props.checked}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.checked)}
      />{' '}
      {props.children}
    </label>
  );
}
