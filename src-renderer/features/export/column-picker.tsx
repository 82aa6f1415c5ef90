import { useId, useState } from 'react';
import { canonicalField } from '../query-builder/field-catalog';
import { useFieldCatalog } from '../query-builder/use-field-catalog';

/**
 * The CSV/Parquet columns, in order: the event's own fields and any payload or metadata path
 * (suggested from describeFields; any field the query language accepts can be typed).
 */
export function ColumnPicker(props: {
  instance: string | null;
  columns: string[];
  onChange: (columns: string[]) => void;
}) {
  const { fields } = useFieldCatalog(props.instance);
  const [draft, setDraft] = useState('');
  const listId = useId();
  const add = () => {
    const path = canonicalField(draft.trim());
    if (path === '' || props.columns.includes(path)) return;
    props.onChange([...props.columns, path]);
    setDraft('');
  };
  return (
    <div className="export-columns" data-testid="export-column-picker">
      <ul className="export-chips">
        {props.columns.map((c) => (
          <li key={c} className="export-chip" data-testid="export-column" data-column={c}>
            <span>{c}</span>
            <button
              type="button"
              aria-label={`Remove ${c}`}
              onClick={() => props.onChange(props.columns.filter((x) => x !== c))}
            >
              ×
            </button>
          </li>
        ))}
        {props.columns.length === 0 && <li className="muted">No columns: add at least one.</li>}
      </ul>
      <div className="export-add">
        <input
          className="input input-small"
          data-testid="export-column-add"
          list={listId}
          placeholder="Add a field, e.g. payload.user.id"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <datalist id={listId}>
          {fields
            .filter((f) => !props.columns.includes(f.path))
            .map((f) => (
              <option key={f.path} value={f.path} />
            ))}
        </datalist>
        <button type="button" className="button button-small" onClick={add}>
          Add
        </button>
      </div>
    </div>
  );
}
