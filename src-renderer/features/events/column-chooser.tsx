import { useState } from 'react';
import { useOperation } from '../../client/use-operation';
import { Icon } from '../../components/icons';
import { Popover } from '../../components/popover';
import { ErrorState, Loading } from '../../components/states';
import { fixedColumns, useColumnChoice, useColumnsStore } from './columns-store';
import { formatCount } from './format';

/**
 * Picks the table's columns: the fixed ones, and any payload or metadata path found in the data
 * (describeFields — asked only while the chooser is open; the first call on a big instance
 * counts its events once, later ones only what is new).
 */
export function ColumnChooser({ instance }: { instance: string }) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const choice = useColumnChoice(instance);
  const setChoice = useColumnsStore((s) => s.set);
  const fields = useOperation('describeFields', { instanceId: instance }, { enabled: open });
  const toggleExtra = (path: string) =>
    setChoice(instance, {
      ...choice,
      extra: choice.extra.includes(path)
        ? choice.extra.filter((p) => p !== path)
        : [...choice.extra, path],
    });
  const needle = filter.trim().toLowerCase();

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="end"
      className="column-popover"
      testId="column-popover"
      trigger={
        <button type="button" className="button" data-testid="column-chooser">
          <Icon name="columns" /> Columns
          {choice.extra.length > 0 && <span className="count-badge">{choice.extra.length}</span>}
        </button>
      }
    >
      <div className="popover-section">
        {fixedColumns.map((col) => (
          <label key={col.id} className="check-row">
            <input
              type="checkbox"
              checked={!choice.hidden.includes(col.id)}
              onChange={() =>
                setChoice(instance, {
                  ...choice,
                  hidden: choice.hidden.includes(col.id)
                    ? choice.hidden.filter((h) => h !== col.id)
                    : [...choice.hidden, col.id],
                })
              }
            />
            {col.label}
          </label>
        ))}
      </div>
      <input
        className="input popover-filter"
        placeholder="Find a field…"
        value={filter}
        autoFocus
        data-testid="column-filter"
        onChange={(e) => setFilter(e.target.value)}
      />
      <div className="popover-list">
        {fields.isPending ? (
          <Loading label="Reading the fields of this instance…" />
        ) : fields.error ? (
          <ErrorState what="The fields could not be read." error={fields.error} />
        ) : fields.data.fields.length === 0 ? (
          <p className="muted pad">No payload or metadata fields yet.</p>
        ) : (
          fields.data.fields
            .filter((f) => needle === '' || f.path.toLowerCase().includes(needle))
            .map((f) => (
              <label
                key={f.path}
                className="check-row"
                data-testid="field-option"
                data-path={f.path}
              >
                <input
                  type="checkbox"
                  checked={choice.extra.includes(f.path)}
                  onChange={() => toggleExtra(f.path)}
                />
                <span className="mono field-path">{f.path}</span>
                <span className="muted field-meta">
                  {f.types.join('|')} · {formatCount(f.count)}
                </span>
              </label>
            ))
        )}
      </div>
      {fields.data && (
        <p className="popover-foot muted">
          {formatCount(fields.data.fields.length)} fields in{' '}
          {formatCount(fields.data.scannedEvents)} events
        </p>
      )}
    </Popover>
  );
}
