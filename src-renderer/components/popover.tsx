import { ContextMenu as RadixContextMenu, DropdownMenu, Popover as RadixPopover } from 'radix-ui';
import { useState, type MouseEvent, type ReactElement, type ReactNode } from 'react';

/** Where a panel opens: under its trigger, `sideOffset` px below it, aligned as asked. */
const sideOffset = 4;

/**
 * A Popover's open state kept by its owner (which also closes it, after a choice), and what
 * to clear each time it opens or closes: the drafts and messages of the last time.
 */
export function usePopoverState(onToggle: (open: boolean) => void) {
  const [open, setOpen] = useState(false);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    onToggle(next);
  };
  return { open, setOpen, onOpenChange };
}

/**
 * A panel that opens from a button (Radix Popover, `.popover` in kit.css). It opens under its
 * trigger and stays in the window (it flips above or shifts sideways where there is no room),
 * takes the focus when it opens (the first field or button in it, or an `autoFocus` one) and
 * gives it back to the trigger when it closes; Escape and a click outside close it. It is not
 * modal: a modal one locks scrolling with an injected <style>, which the CSP refuses.
 *
 * `trigger` is the button, as the caller wants it to look (`button button-tool`...); `className`
 * sizes and lays out the panel. Open state is the popover's own unless `open` is given.
 */
export function Popover(props: {
  trigger: ReactElement;
  children: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  align?: 'start' | 'end';
  className?: string;
  testId?: string;
}) {
  return (
    <RadixPopover.Root open={props.open} onOpenChange={props.onOpenChange}>
      <RadixPopover.Trigger asChild>{props.trigger}</RadixPopover.Trigger>
      <RadixPopover.Portal>
        <RadixPopover.Content
          className={panelClass(props.className)}
          align={props.align ?? 'start'}
          sideOffset={sideOffset}
          data-testid={props.testId}
        >
          {props.children}
        </RadixPopover.Content>
      </RadixPopover.Portal>
    </RadixPopover.Root>
  );
}

/**
 * A menu of actions that opens from a button (Radix DropdownMenu): the same panel as Popover,
 * with a menu's keys (arrows, Enter, typing a label's first letters). Not modal, as Popover.
 */
export function Menu(props: {
  trigger: ReactElement;
  children: ReactNode;
  align?: 'start' | 'end';
}) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>{props.trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          className={panelClass('menu')}
          align={props.align ?? 'end'}
          sideOffset={sideOffset}
        >
          {props.children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** One action of a Menu; `onSelect` runs when it is clicked or chosen with the keyboard. */
export function MenuItem(props: { onSelect: () => void; testId?: string; children: ReactNode }) {
  return (
    <DropdownMenu.Item className="menu-item" data-testid={props.testId} onSelect={props.onSelect}>
      {props.children}
    </DropdownMenu.Item>
  );
}

/**
 * A menu that opens where the user right-clicks (or presses the menu key) inside `trigger`
 * (Radix ContextMenu): the same panel and keys as Menu. `onContextMenu` runs first and may
 * call preventDefault to open no menu (a click where there is nothing to act on).
 */
export function ContextMenu(props: {
  trigger: ReactElement;
  children: ReactNode;
  onContextMenu?: (e: MouseEvent) => void;
  testId?: string;
}) {
  return (
    <RadixContextMenu.Root modal={false}>
      <RadixContextMenu.Trigger asChild onContextMenu={props.onContextMenu}>
        {props.trigger}
      </RadixContextMenu.Trigger>
      <RadixContextMenu.Portal>
        <RadixContextMenu.Content className={panelClass('menu')} data-testid={props.testId}>
          {props.children}
        </RadixContextMenu.Content>
      </RadixContextMenu.Portal>
    </RadixContextMenu.Root>
  );
}

/** One action of a ContextMenu. */
export function ContextMenuItem(props: {
  onSelect: () => void;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <RadixContextMenu.Item
      className="menu-item"
      data-testid={props.testId}
      onSelect={props.onSelect}
    >
      {props.children}
    </RadixContextMenu.Item>
  );
}

const panelClass = (className: string | undefined) =>
  className ? `popover ${className}` : 'popover';
