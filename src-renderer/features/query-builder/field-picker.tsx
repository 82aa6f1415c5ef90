import { parseField } from '../../../src-shared/contract/fields';
import type { FieldKind } from '../../../src-shared/contract/operators';
import { ComboPicker, type PickItem } from '../../components/combo-picker';
import { canonicalField, matchFields, type FieldInfo } from './field-catalog';
import './builder.css';

const typeShort: Record<FieldKind, string> = {
  string: 'str',
  number: 'num',
  boolean: 'bool',
  null: 'null',
  object: 'obj',
  array: 'arr',
  instant: 'time',
};

export function TypeBadges(props: { types: readonly FieldKind[] }) {
  return (
    <span className="type-badges">
      {props.types.map((t) => (
        <span key={t} className={`type-badge type-badge-${t}`}>
          {typeShort[t]}
        </span>
      ))}
    </span>
  );
}

const countFormat = new Intl.NumberFormat('en-US', { notation: 'compact' });

/**
 * Picks a field: the event's own fields and every discovered payload/metadata path, with their
 * types and how many events have them; typing filters ("user id" finds payload.user.id), and any
 * valid path can be typed by hand (fields that only newer events have).
 */
export function FieldPicker(props: {
  value: string;
  fields: readonly FieldInfo[];
  onChange: (path: string) => void;
  label?: string;
  placeholder?: string;
  testId?: string;
  /** Only fields of these types (e.g. numbers for sum/avg). */
  filter?: (f: FieldInfo) => boolean;
}) {
  const items = (search: string): PickItem[] =>
    matchFields(props.filter ? props.fields.filter(props.filter) : props.fields, search).map(
      (f) => ({
        value: f.path,
        label: <code>{f.path}</code>,
        hint: (
          <>
            <TypeBadges types={f.types} />
            {f.count !== undefined && (
              <span className="hint-count">{countFormat.format(f.count)}</span>
            )}
          </>
        ),
        testId: 'field-option',
      }),
    );
  const custom = (search: string): PickItem | null => {
    const text = search.trim();
    if (text === '' || !parseField(text).ok) return null;
    const path = canonicalField(text);
    return {
      value: path,
      label: <code>{path}</code>,
      hint: 'use this path',
      testId: 'field-option',
    };
  };
  return (
    <ComboPicker
      label={props.label ?? 'Field'}
      trigger={
        props.value ? (
          <code className="field-name">{props.value}</code>
        ) : (
          <span className="placeholder">{props.placeholder ?? 'field…'}</span>
        )
      }
      items={items}
      custom={custom}
      onPick={props.onChange}
      placeholder="Find a field, or type a path"
      empty="No such field; type a path like payload.user.id"
      testId={props.testId}
      className="field-trigger"
    />
  );
}
