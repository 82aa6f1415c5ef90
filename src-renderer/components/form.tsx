import type { ReactNode } from 'react';

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
