import {
  groupKeyName,
  reduceTypes,
  type GroupKey,
  type Reduce,
  type ReduceType,
} from '../../../src-shared/contract/query';
import { percentileName, percentilePresets } from '../../../src-shared/contract/percentile';
import { describeInterval, niceIntervals } from '../histogram/buckets';
import { ComboPicker } from '../../components/combo-picker';
import { isTimeField, matchFields, type FieldInfo } from './field-catalog';
import { FieldPicker, TypeBadges } from './field-picker';
import { RemoveButton } from '../../components/remove-button';
import { Select } from '../../components/select';

const typeLabels: Record<ReduceType, string> = {
  count: 'COUNT',
  sum: 'SUM',
  avg: 'AVG',
  min: 'MIN',
  max: 'MAX',
  percentile: 'PERCENTILE',
  collect: 'COLLECT',
};

/** The percentile a new percentile starts at: the median. */
const defaultP = 0.5;

/**
 * The aggregation (reduce): its type and field, `distinct` for count/collect, and the group
 * keys — fields, and at most one time bucket on timestamp with its interval.
 */
export function AggregationEditor(props: {
  reduce: Reduce | null;
  fields: readonly FieldInfo[];
  onChange: (reduce: Reduce | null) => void;
  /** The interval the histogram uses for the current range: a good default for a bucket. */
  suggestedInterval: string;
}) {
  const { reduce, onChange } = props;
  const groupBy = reduce?.groupBy ?? [];
  const setGroupBy = (keys: GroupKey[]) => {
    if (!reduce) return;
    const next: Reduce = { ...reduce };
    if (keys.length > 0) next.groupBy = keys;
    else delete next.groupBy;
    onChange(next);
  };
  const hasBucket = groupBy.some((k) => typeof k !== 'string');
  const needsField = reduce !== null && reduce.type !== 'count';
  return (
    <div className="agg-editor" data-testid="aggregation-editor">
      <select
        className="select"
        aria-label="aggregation"
        data-testid="agg-type"
        value={reduce?.type ?? ''}
        onChange={(e) => {
          const type = e.target.value as ReduceType | '';
          if (type === '') return onChange(null);
          const next: Reduce = { ...(reduce ?? {}), type };
          if (next.distinct && type !== 'count' && type !== 'collect') delete next.distinct;
          if (type === 'percentile') next.p ??= defaultP;
          else delete next.p;
          onChange(next);
        }}
      >
        <option value="">none (events)</option>
        {reduceTypes.map((t) => (
          <option key={t} value={t}>
            {typeLabels[t]}
          </option>
        ))}
      </select>
      {reduce?.type === 'percentile' && (
        <select
          className="select select-compact"
          aria-label="percentile"
          data-testid="agg-percentile"
          value={reduce.p ?? defaultP}
          onChange={(e) => onChange({ ...reduce, p: Number(e.target.value) })}
        >
          {[...new Set([...percentilePresets, reduce.p ?? defaultP])]
            .sort((a, b) => a - b)
            .map((p) => (
              <option key={p} value={p}>
                {percentileName(p)}
              </option>
            ))}
        </select>
      )}
      {reduce && (
        <>
          <span className="muted">of</span>
          <FieldPicker
            value={reduce.field ?? ''}
            fields={props.fields}
            testId="agg-field"
            placeholder={needsField ? 'field…' : 'events'}
            label="Aggregated field"
            filter={
              reduce.type === 'sum' ||
              reduce.type === 'avg' ||
              reduce.type === 'min' ||
              reduce.type === 'max' ||
              reduce.type === 'percentile'
                ? (f) =>
                    f.types.includes('number') ||
                    f.types.includes('instant') ||
                    f.types.length === 0
                : undefined
            }
            onChange={(field) => onChange({ ...reduce, field })}
          />
          {reduce.field && reduce.type === 'count' && (
            <RemoveButton
              label="count events, not a field"
              title="count events, not a field"
              onClick={() => {
                const { field: _f, distinct: _d, ...rest } = reduce;
                onChange(rest);
              }}
            />
          )}
          {(reduce.type === 'count' || reduce.type === 'collect') && reduce.field && (
            <label className="checkbox-label">
              <input
                type="checkbox"
                data-testid="agg-distinct"
                checked={reduce.distinct ?? false}
                onChange={(e) => {
                  const next = { ...reduce };
                  if (e.target.checked) next.distinct = true;
                  else delete next.distinct;
                  onChange(next);
                }}
              />
              distinct
            </label>
          )}
          <span className="muted">by</span>
          <span className="value-list" data-testid="group-by">
            {groupBy.map((k, i) => (
              <span key={groupKeyName(k)} className="value-chip" data-testid="group-key">
                {typeof k === 'string' ? (
                  <code>{k}</code>
                ) : (
                  <>
                    <code>{k.field}</code>
                    <span className="muted">every</span>
                    <Select
                      className="select select-compact"
                      label="bucket interval"
                      testId="bucket-interval"
                      options={[...new Set([k.interval, ...niceIntervals])]}
                      value={k.interval}
                      render={describeInterval}
                      onChange={(interval) =>
                        setGroupBy(
                          groupBy.map((g, j) => (j === i ? { field: k.field, interval } : g)),
                        )
                      }
                    />
                  </>
                )}
                <button
                  type="button"
                  className="value-chip-x"
                  aria-label={`stop grouping by ${groupKeyName(k)}`}
                  onClick={() => setGroupBy(groupBy.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </span>
            ))}
            {groupBy.length < 8 && (
              <ComboPicker
                label="Group by"
                testId="add-group-key"
                trigger={<span className="link-button">+ group by</span>}
                items={(search) => [
                  ...(!hasBucket &&
                  (search === '' || 'time bucket timestamp'.includes(search.toLowerCase()))
                    ? [
                        {
                          value: '\u0000bucket',
                          label: (
                            <span>
                              <code>timestamp</code> in time buckets
                            </span>
                          ),
                          hint: describeInterval(props.suggestedInterval),
                          testId: 'group-option',
                        },
                      ]
                    : []),
                  ...matchFields(props.fields, search)
                    .filter((f) => !groupBy.some((g) => g === f.path))
                    .map((f) => ({
                      value: f.path,
                      label: <code>{f.path}</code>,
                      hint: <TypeBadges types={f.types} />,
                      testId: 'group-option',
                    })),
                ]}
                onPick={(v) =>
                  setGroupBy([
                    ...groupBy,
                    v === '\u0000bucket'
                      ? { field: 'timestamp', interval: props.suggestedInterval }
                      : v,
                  ])
                }
              />
            )}
          </span>
          {groupBy.some((k) => typeof k === 'string' && isTimeField(k)) && (
            <span className="hint">
              grouping by exact timestamps; a time bucket is usually what you want
            </span>
          )}
        </>
      )}
    </div>
  );
}
