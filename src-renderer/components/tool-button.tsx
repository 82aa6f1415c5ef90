import type { ComponentProps, ReactNode } from 'react';
import { Icon, type IconName } from './icons';

/**
 * A tool: the compact button of the query bar and of panels (`button button-tool`, kit.css).
 * An icon, then a label that a narrow query bar hides (the icon stays); `on` while what it
 * toggles is open or running. Every button attribute passes through (test id, title, handlers,
 * ref), so a Popover or a Menu can take it as its trigger.
 */
export function ToolButton({
  icon,
  iconSize,
  label,
  on,
  className,
  children,
  ...button
}: ComponentProps<'button'> & {
  icon?: IconName;
  iconSize?: number;
  label?: ReactNode;
  on?: boolean;
}) {
  return (
    <button
      type="button"
      {...button}
      className={['button button-tool', on && 'is-on', className].filter(Boolean).join(' ')}
    >
      {icon && <Icon name={icon} size={iconSize} />}
      {label !== undefined && <span className="button-label">{label}</span>}
      {children}
    </button>
  );
}
