import { queryLimits } from '../../../src-shared/contract/limits';
import type { OrderBy } from '../../../src-shared/contract/query';
import { ComboPicker } from '../../components/combo-picker';
import { SuggestInput } from '../../components/suggest-input';
import { matchFields, type FieldInfo } from './field-catalog';
import { FieldPicker, TypeBadges } from './field-picker';
import { RemoveButton } from '../../components/remove-button';
import { Select } from '../../components/select';

const directions = ['asc', 'desc'] as const;

/** `select`: the fields each event is reduced to (none: whole events). */
export function SelectEditor(props: {
  select: string[] | null;
  fields: readonly FieldInfo[];
  onChange: (select: string[] | null) => void;
  disabled?: string;
}) {
  const list = props.select ?? [];
  if (props.disabled) return <span className="hint">{props.disabled}</span>;
  return (
    <span className="value-list" data-testid="select-editor">
      {list.length === 0 && <span className="muted">whole events</span>}
      {list.map((f) => (
        <span key={f} className="value-chip" data-testid="select-field">
          <code>{f}</code>
          <button
            type="button"
            className="value-chip-x"
            aria-label={`stop selecting ${f}`}
            onClick={() => {
              const next = list.filter((x) => x !== f);
              props.onChange(next.length > 0 ? next : null);
            }}
          >
            ×
          </button>
        </span>
      ))}
      <ComboPicker
        label="Select a field"
        testId="add-select"
        trigger={<span className="link-button">+ field</span>}
        items={(search) =>
          matchFields(props.fields, search)
            .filter((f) => !list.includes(f.path))
            .map((f) => ({
              value: f.path,
              label: <code>{f.path}</code>,
              hint: <TypeBadges types={f.types} />,
              testId: 'field-option',
            }))
        }
        onPick={(path) => props.onChange([...list, path])}
      />
    </span>
  );
}

/** `orderBy`: any field, either direction; none = append order (or the view's own). */
export function OrderEditor(props: {
  orderBy: OrderBy | null;
  fields: readonly FieldInfo[];
  onChange: (orderBy: OrderBy | null) => void;
}) {
  const { orderBy } = props;
  return (
    <span className="order-editor" data-testid="order-editor">
      <FieldPicker
        value={orderBy?.field ?? ''}
        fields={props.fields}
        placeholder="append order"
        label="Order by"
        testId="order-field"
        onChange={(field) => props.onChange({ field, direction: orderBy?.direction ?? 'desc' })}
      />
      {orderBy && (
        <>
          <Select
            label="direction"
            testId="order-direction"
            options={directions}
            value={orderBy.direction ?? 'asc'}
            render={(d) => (d === 'asc' ? 'ascending' : 'descending')}
            onChange={(direction) => props.onChange({ ...orderBy, direction })}
          />
          <RemoveButton
            label="append order"
            title="back to append order"
            onClick={() => props.onChange(null)}
          />
        </>
      )}
    </span>
  );
}

/** `limit`: events (or groups of an aggregation) per answer. */
export function LimitEditor(props: {
  limit: number | null;
  onChange: (limit: number | null) => void;
}) {
  const check = (text: string): string | null => {
    if (text.trim() === '') return null;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) return 'a whole number, 0 or more';
    if (n > queryLimits.maxLimit) return `at most ${queryLimits.maxLimit.toLocaleString('en-US')}`;
    return null;
  };
  return (
    <SuggestInput
      value={props.limit === null ? '' : String(props.limit)}
      ariaLabel="limit"
      testId="limit"
      className="builder-limit"
      placeholder={`default (${queryLimits.defaultLimit})`}
      inputMode="decimal"
      onCommit={(text) => {
        if (check(text) !== null) return;
        props.onChange(text.trim() === '' ? null : Number(text));
      }}
    />
  );
}
