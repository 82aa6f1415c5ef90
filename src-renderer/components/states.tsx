import type { ReactNode } from 'react';
import type { OperationError } from '../client/query-cache';

/** Loading, empty and error states: every panel shows one of these rather than nothing. */
export function Loading({ label, testId }: { label: string; testId?: string }) {
  return (
    <div className="state state-loading" role="status" data-testid={testId ?? 'loading'}>
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty(props: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="state state-empty" data-testid={props.testId ?? 'empty'}>
      <p className="state-title">{props.title}</p>
      {props.children}
    </div>
  );
}

/** An error shows the envelope's message and code, never a blank panel. */
export function ErrorState(props: {
  error: OperationError | Error;
  what: string;
  onRetry?: () => void;
  testId?: string;
}) {
  const code = 'code' in props.error ? String(props.error.code) : undefined;
  return (
    <div
      className="state state-error"
      role="alert"
      data-testid={props.testId ?? 'error'}
      data-code={code}
    >
      <p className="state-title">
        {props.what} {code && <span className="code-badge">{code}</span>}
      </p>
      <p className="error-message" data-testid="error-message">
        {props.error.message}
      </p>
      {props.onRetry && (
        <button type="button" className="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
