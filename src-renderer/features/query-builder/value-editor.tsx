import { Fragment, useState } from 'react';
import type { JsonPrimitive, JsonValue } from '../../../src-shared/contract/json-value';
import type { Operator } from '../../../src-shared/contract/operators';
import type { Query } from '../../../src-shared/contract/query';
import { useTopValues } from '../facets/use-top-values';
import { DateTimeInput } from '../../components/date-time-input';
import { SuggestInput, type Suggestion } from '../../components/suggest-input';
import { isTimeField, type FieldInfo } from './field-catalog';
import {
  defaultScalarType,
  displayValue,
  operandShape,
  parseScalar,
  scalarText,
  typeOf,
  type ScalarType,
} from './value-model';

const scalarTypes: ScalarType[] = ['string', 'number', 'boolean', 'null'];
const typeLabels: Record<ScalarType, string> = {
  string: 'abc',
  number: '123',
  boolean: 'bool',
  null: 'null',
};

/** The operand input for a condition, shaped by its operator and typed by its field. */
export function ValueEditor(props: {
  field: string;
  info: FieldInfo | undefined;
  operator: Operator;
  value: JsonValue | undefined;
  onChange: (value: JsonValue | undefined) => void;
  /** The query's source (instance, stream) for value suggestions. */
  source: Query['from'] | null;
}) {
  const { field, operator, value, onChange } = props;
  const shape = operandShape(operator);
  const time = isTimeField(field);
  const [suggest, setSuggest] = useState(false);
  const top = useTopValues(props.source ? { from: props.source } : null, field, {
    limit: 20,
    enabled: suggest && !time && field !== '' && shape !== 'flag',
  });
  const suggestions = (text: string): Suggestion[] =>
    top.values
      .filter((v) => v.filterable && v.value !== null)
      .filter((v) => scalarText(v.value).toLowerCase().includes(text.toLowerCase()))
      .map((v) => ({
        text: scalarText(v.value),
        label: <code>{displayValue(v.value)}</code>,
        hint: <span className="hint-count">{v.count.toLocaleString('en-US')}</span>,
        data: v.value,
      }));
  const suggestProps = { suggestions, onFocusChange: (f: boolean) => f && setSuggest(true) };
  const fieldType = defaultScalarType(props.info?.types);

  if (shape === 'flag') {
    return (
      <select
        className="select"
        aria-label="exists"
        data-testid="value-flag"
        value={value === false ? 'false' : 'true'}
        onChange={(e) => onChange(e.target.value === 'true')}
      >
        <option value="true">is present</option>
        <option value="false">is missing or null</option>
      </select>
    );
  }
  if (time && shape !== 'text') {
    if (shape === 'range') {
      const [lo, hi] = Array.isArray(value) ? value : [];
      return (
        <span className="value-range">
          <DateTimeInput
            value={lo}
            ariaLabel="from"
            testId="value-from"
            onCommit={(iso) => onChange([iso, hi ?? iso])}
          />
          <span className="muted">and</span>
          <DateTimeInput
            value={hi}
            ariaLabel="to"
            testId="value-to"
            onCommit={(iso) => onChange([lo ?? iso, iso])}
          />
        </span>
      );
    }
    if (shape === 'scalar') {
      return <DateTimeInput value={value} ariaLabel="time" testId="value" onCommit={onChange} />;
    }
  }
  if (shape === 'text') {
    return (
      <SuggestInput
        value={typeof value === 'string' ? value : ''}
        ariaLabel="text"
        testId="value"
        placeholder="text…"
        onCommit={(t) => onChange(t)}
        {...suggestProps}
      />
    );
  }
  if (shape === 'scalar') {
    return (
      <TypedScalar
        value={value as JsonPrimitive | undefined}
        defaultType={fieldType}
        onChange={onChange}
        suggestProps={suggestProps}
        testId="value"
      />
    );
  }
  if (shape === 'range') {
    const pair = Array.isArray(value) ? value : [];
    const type = pair.length > 0 ? typeOf(pair[0]) : fieldType === 'number' ? 'number' : 'string';
    const set = (i: 0 | 1, text: string) => {
      const parsed = parseScalar(text, type);
      if (!parsed.ok) return;
      const next: JsonValue[] = [pair[0] ?? parsed.value, pair[1] ?? parsed.value];
      next[i] = parsed.value;
      onChange(next);
    };
    return (
      <span className="value-range">
        <TypeToggle
          type={type}
          options={['number', 'string']}
          onChange={(t) => {
            const conv = pair.map((v) => parseScalar(scalarText(v), t));
            onChange(
              conv.every((c) => c.ok) && conv.length === 2
                ? conv.map((c) => (c.ok ? c.value : null))
                : undefined,
            );
          }}
        />
        {([0, 1] as const).map((i) => (
          <Fragment key={i}>
            {i === 1 && <span className="muted">and</span>}
            <SuggestInput
              value={scalarText(pair[i])}
              ariaLabel={i === 0 ? 'low' : 'high'}
              testId={i === 0 ? 'value-from' : 'value-to'}
              placeholder={i === 0 ? 'low' : 'high'}
              inputMode={type === 'number' ? 'decimal' : 'text'}
              onCommit={(t) => set(i, t)}
            />
          </Fragment>
        ))}
      </span>
    );
  }
  // list: in / nin
  const list = Array.isArray(value) ? (value as JsonPrimitive[]) : [];
  return (
    <span className="value-list" data-testid="value-list">
      {list.map((v, i) => (
        <span key={`${i}-${displayValue(v)}`} className="value-chip">
          <code>{displayValue(v)}</code>
          <button
            type="button"
            className="value-chip-x"
            aria-label={`remove ${displayValue(v)}`}
            onClick={() => onChange(list.filter((_, k) => k !== i))}
          >
            ×
          </button>
        </span>
      ))}
      <TypedScalar
        value={undefined}
        defaultType={fieldType}
        clearAfterCommit
        onChange={(v) => v !== undefined && onChange([...list, v])}
        suggestProps={suggestProps}
        testId="value-add"
        placeholder={list.length === 0 ? 'add values…' : 'add…'}
      />
    </span>
  );
}

function TypeToggle(props: {
  type: ScalarType;
  options?: ScalarType[];
  onChange: (t: ScalarType) => void;
}) {
  return (
    <select
      className="select type-select"
      aria-label="value type"
      title={'The value\'s JSON type: 5 and "5" are different values'}
      data-testid="value-type"
      value={props.type}
      onChange={(e) => props.onChange(e.target.value as ScalarType)}
    >
      {(props.options ?? scalarTypes).map((t) => (
        <option key={t} value={t}>
          {typeLabels[t]}
        </option>
      ))}
    </select>
  );
}

/** One typed value: a type switch (abc / 123 / bool / null) and the text. */
function TypedScalar(props: {
  value: JsonPrimitive | undefined;
  defaultType: ScalarType;
  onChange: (v: JsonValue | undefined) => void;
  suggestProps: {
    suggestions: (text: string) => Suggestion[];
    onFocusChange: (f: boolean) => void;
  };
  testId: string;
  placeholder?: string;
  clearAfterCommit?: boolean;
}) {
  const [chosen, setChosen] = useState<ScalarType | null>(null);
  const type = props.value !== undefined ? typeOf(props.value) : (chosen ?? props.defaultType);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const commit = (text: string, t: ScalarType = type) => {
    const parsed = parseScalar(text, t);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    props.onChange(parsed.value);
    if (props.clearAfterCommit) setNonce((n) => n + 1);
  };
  return (
    <span className="typed-value">
      <TypeToggle
        type={type}
        onChange={(t) => {
          setChosen(t);
          if (t === 'null') commit('', t);
          else if (props.value !== undefined) {
            const parsed = parseScalar(scalarText(props.value), t);
            if (parsed.ok) props.onChange(parsed.value);
            else props.onChange(undefined);
          }
        }}
      />
      {type === 'boolean' ? (
        <select
          className="select"
          aria-label="value"
          data-testid={props.testId}
          value={props.value === undefined ? '' : String(props.value)}
          onChange={(e) => commit(e.target.value, 'boolean')}
        >
          <option value="" disabled>
            …
          </option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : type === 'null' ? (
        <span className="muted mono small">null</span>
      ) : (
        <SuggestInput
          key={nonce}
          value={props.clearAfterCommit ? '' : scalarText(props.value)}
          ariaLabel="value"
          testId={props.testId}
          placeholder={props.placeholder ?? (type === 'number' ? 'number…' : 'value…')}
          invalid={error}
          inputMode={type === 'number' ? 'decimal' : 'text'}
          onCommit={(t) => commit(t)}
          onPick={(s) => {
            setError(null);
            props.onChange(s.data as JsonPrimitive);
            if (props.clearAfterCommit) setNonce((n) => n + 1);
          }}
          {...props.suggestProps}
        />
      )}
    </span>
  );
}
