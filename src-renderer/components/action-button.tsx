import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons';

/**
 * A button described as data: what it shows and what it does. A row of buttons that differ only
 * in these (the top bar's actions, the first run's ways to start) is kept as a list of them.
 */
export interface ButtonAction {
  label: ReactNode;
  testId: string;
  onClick: () => void;
  icon?: IconName;
  title?: string;
  disabled?: boolean;
}

/**
 * One `ButtonAction` as a kit button: its icon, its label, then any `children` (a muted hint).
 * `className` holds the kit classes (`button` by default; `button button-small`, …).
 */
export function ActionButton(props: {
  action: ButtonAction;
  className?: string;
  children?: ReactNode;
}) {
  const { action } = props;
  return (
    <button
      type="button"
      className={props.className ?? 'button'}
      data-testid={action.testId}
      title={action.title}
      disabled={action.disabled}
      onClick={action.onClick}
    >
      {action.icon && <Icon name={action.icon} />}
      {action.icon && ' '}
      {action.label}
      {props.children}
    </button>
  );
}
