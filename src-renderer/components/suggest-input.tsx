import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Suggestion {
  /** The text put in the input when picked. */
  text: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The typed value behind the text (a suggestion of 5 is the number 5, not "5"). */
  data?: unknown;
}

/**
 * A text input that commits on Enter or when it loses focus (not on every keystroke: each commit
 * runs a query), with an optional list of suggestions under it (arrows + Enter, or a click).
 */
export function SuggestInput(props: {
  value: string;
  onCommit: (text: string) => void;
  suggestions?: (text: string) => Suggestion[];
  /** Picking a suggestion; default: commit its text. */
  onPick?: (s: Suggestion) => void;
  onFocusChange?: (focused: boolean) => void;
  placeholder?: string;
  invalid?: string | null;
  testId?: string;
  className?: string;
  ariaLabel: string;
  inputMode?: 'text' | 'decimal';
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const text = draft ?? props.value;
  const list = focused && props.suggestions ? props.suggestions(text).slice(0, 20) : [];

  const commit = (value: string) => {
    setDraft(null);
    setActive(-1);
    if (value !== props.value) props.onCommit(value);
  };
  const pick = (s: Suggestion) => {
    if (!props.onPick) return commit(s.text);
    setDraft(null);
    setActive(-1);
    props.onPick(s);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && list.length > 0) {
      e.preventDefault();
      setActive((a) => (a + 1) % list.length);
    } else if (e.key === 'ArrowUp' && list.length > 0) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? list.length - 1 : a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (active >= 0 && list[active]) pick(list[active]);
      else commit(text);
    } else if (e.key === 'Escape') {
      setDraft(null);
      setActive(-1);
    }
  };
  return (
    <span className={`suggest ${props.className ?? ''}`}>
      <input
        className="input input-tool"
        value={text}
        placeholder={props.placeholder}
        aria-label={props.ariaLabel}
        aria-invalid={props.invalid ? true : undefined}
        title={props.invalid ?? undefined}
        role="combobox"
        aria-expanded={list.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        inputMode={props.inputMode}
        data-testid={props.testId}
        onChange={(e) => {
          setDraft(e.target.value);
          setActive(-1);
        }}
        onFocus={() => {
          setFocused(true);
          props.onFocusChange?.(true);
        }}
        onBlur={() => {
          setFocused(false);
          props.onFocusChange?.(false);
          if (draft !== null) commit(draft);
        }}
        onKeyDown={onKey}
      />
      {list.length > 0 && (
        <ul className="suggest-list" role="listbox" id={listId}>
          {list.map((s, i) => (
            <li
              key={s.text}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className="suggest-item"
              data-testid="value-suggestion"
              // mousedown, not click: it must win before the input's blur commits the draft
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
            >
              <span className="combo-label">{s.label}</span>
              {s.hint !== undefined && <span className="combo-hint">{s.hint}</span>}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
