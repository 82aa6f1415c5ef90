import { Command } from 'cmdk';
import { useState, type ReactNode } from 'react';
import { Popover } from './popover';
import { ToolButton } from './tool-button';

export interface PickItem {
  /** Unique; what onPick receives. */
  value: string;
  label: ReactNode;
  /** Right-aligned detail (types, counts). */
  hint?: ReactNode;
  testId?: string;
}

/**
 * A button that opens a searchable list (cmdk in a Popover): arrows, Enter and Escape work
 * as in a menu, typing filters. The caller filters (`items` for the text `search`), so ranking
 * and server-side suggestions are its business. `custom` turns typed text into an extra item
 * (e.g. a field path that is not in the catalogue yet).
 */
export function ComboPicker(props: {
  trigger: ReactNode;
  /** Accessible name of the trigger and the list. */
  label: string;
  items: (search: string) => PickItem[];
  onPick: (value: string) => void;
  custom?: (search: string) => PickItem | null;
  placeholder?: string;
  empty?: ReactNode;
  footer?: ReactNode;
  testId?: string;
  className?: string;
  /** Called when the list opens (e.g. to start loading suggestions). */
  onOpenChange?: (open: boolean) => void;
  /** The search text as it changes (for lists the server filters). */
  onSearch?: (search: string) => void;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const items = open ? props.items(search) : [];
  const extra = open && props.custom ? props.custom(search) : null;
  const shown = extra && !items.some((i) => i.value === extra.value) ? [...items, extra] : items;
  const change = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setSearch('');
      props.onSearch?.('');
    }
    props.onOpenChange?.(next);
  };
  return (
    <Popover
      open={open}
      onOpenChange={change}
      className="combo"
      trigger={
        <ToolButton
          className={props.className}
          aria-label={props.label}
          data-testid={props.testId}
          disabled={props.disabled}
        >
          {props.trigger}
        </ToolButton>
      }
    >
      <Command label={props.label} shouldFilter={false} loop>
        <Command.Input
          className="combo-input"
          value={search}
          onValueChange={(text) => {
            setSearch(text);
            props.onSearch?.(text);
          }}
          placeholder={props.placeholder ?? 'Search…'}
          data-testid={props.testId ? `${props.testId}-search` : undefined}
        />
        <Command.List className="combo-list">
          <Command.Empty className="combo-empty">{props.empty ?? 'Nothing matches'}</Command.Empty>
          {shown.map((item) => (
            <Command.Item
              key={item.value}
              value={item.value}
              className="combo-item"
              data-testid={item.testId}
              onSelect={() => {
                props.onPick(item.value);
                change(false);
              }}
            >
              <span className="combo-label">{item.label}</span>
              {item.hint !== undefined && <span className="combo-hint">{item.hint}</span>}
            </Command.Item>
          ))}
        </Command.List>
        {props.footer}
      </Command>
    </Popover>
  );
}
