import { useRef, useState, type FormEvent } from 'react';
import { Icon } from '../../components/icons';
import { useQueryStore } from '../../state/query-store';
import { describeCondition, parseQuickFilter } from './parse-filter';

/** Focused by `/` (see app/shortcuts.ts). */
export const quickFilterInputId = 'quick-filter-input';

/**
 * The query bar for now: a quick filter (field:value, -field:value, or text to find in the
 * message) and the current conditions as chips — including those added by "filter to this".
 * The query-builder feature replaces this component in the same region.
 */
export function QuickFilter() {
  const where = useQueryStore((s) => s.where);
  const addCondition = useQueryStore((s) => s.addCondition);
  const removeCondition = useQueryStore((s) => s.removeCondition);
  const clearFilters = useQueryStore((s) => s.clearFilters);
  const instance = useQueryStore((s) => s.instance);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseQuickFilter(text);
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    addCondition(parsed.condition);
    setText('');
    setProblem(null);
  };
  return (
    <form className="quick-filter" onSubmit={submit} role="search" data-testid="quick-filter">
      <div className="quick-filter-box">
        <Icon name="filter" />
        {where.map((node, i) => (
          <span key={i} className="chip" data-testid="condition-chip">
            <span className="mono">{describeCondition(node)}</span>
            <button
              type="button"
              aria-label={`Remove the condition ${describeCondition(node)}`}
              data-testid="remove-condition"
              onClick={() => removeCondition(i)}
            >
              <Icon name="x" size={10} />
            </button>
          </span>
        ))}
        <input
          ref={input}
          id={quickFilterInputId}
          className="quick-filter-input"
          placeholder={
            where.length === 0
              ? 'Filter: field:value, -field:value, or text in the message   ( / )'
              : 'Add a condition…'
          }
          aria-label="Filter"
          data-testid="filter-input"
          disabled={instance === null}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setText('');
              input.current?.blur();
            }
            if (e.key === 'Backspace' && text === '' && where.length > 0)
              removeCondition(where.length - 1);
          }}
        />
        {where.length > 0 && (
          <button
            type="button"
            className="button button-small"
            data-testid="clear-filters"
            onClick={clearFilters}
          >
            Clear
          </button>
        )}
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
