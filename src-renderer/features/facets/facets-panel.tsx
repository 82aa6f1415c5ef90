import { useState } from 'react';
import type { JsonPrimitive } from '../../../src-shared/contract/json-value';
import { useQueryStore } from '../../state/query-store';
import { isTimeField, matchFields, type FieldInfo } from '../query-builder/field-catalog';
import { TypeBadges } from '../query-builder/field-picker';
import { useFieldCatalog } from '../query-builder/use-field-catalog';
import { displayValue } from '../query-builder/value-model';
import { useCurrentQuery } from '../query-run/use-current-query';
import { formatCount, formatDuration } from '../query-run/use-timed-query';
import { ComboPicker } from '../../components/combo-picker';
import { facetState, formatShare, share, toggleFacet, withoutOwnFilters } from './facets-model';
import { useDefaultFacets } from './use-default-facets';
import { useTopValues } from './use-top-values';
import './facets.css';
import { RemoveButton } from '../../components/remove-button';

/**
 * Facets: for any field, its exact top values under the current query with counts; a click
 * filters a value in, the − button filters it out, and clicking an active one takes it back.
 */
export function FacetsPanel(props: { instanceId: string }) {
  const { fields } = useFieldCatalog(props.instanceId);
  const [chosen, setChosen] = useState<{ instance: string; fields: string[] } | null>(null);
  const defaults = useDefaultFacets(props.instanceId);
  const facets = chosen && chosen.instance === props.instanceId ? chosen.fields : (defaults ?? []);
  const set = (next: string[]) => setChosen({ instance: props.instanceId, fields: next });
  return (
    <aside className="facets" data-testid="facets" aria-label="facets">
      <div className="facets-head">
        <span className="panel-title">Facets</span>
        <ComboPicker
          label="Add a facet"
          testId="add-facet"
          trigger={<span className="link-button">+ field</span>}
          items={(search) =>
            matchFields(fields, search)
              .filter((f) => !facets.includes(f.path) && !isTimeField(f.path))
              .map((f: FieldInfo) => ({
                value: f.path,
                label: <code>{f.path}</code>,
                hint: <TypeBadges types={f.types} />,
                testId: 'field-option',
              }))
          }
          onPick={(path) => set([...facets, path])}
        />
      </div>
      {defaults === null && !chosen && (
        <div className="muted facet-choosing" data-testid="facets-choosing">
          Finding useful fields…
        </div>
      )}
      {facets.map((field) => (
        <Facet key={field} field={field} onRemove={() => set(facets.filter((f) => f !== field))} />
      ))}
    </aside>
  );
}

function Facet(props: { field: string; onRemove: () => void }) {
  const { base, parts } = useCurrentQuery();
  const setWhere = useQueryStore((s) => s.setWhere);
  const [limit, setLimit] = useState(10);
  const top = useTopValues(base && withoutOwnFilters(base, props.field), props.field, { limit });
  const total = top.total ?? 0;
  const toggle = (value: JsonPrimitive, mode: 'in' | 'out') =>
    setWhere(toggleFacet(parts.where, props.field, value, mode));
  return (
    <section
      className="facet"
      data-testid="facet"
      data-field={props.field}
      data-state={top.run.running ? 'running' : top.run.error ? 'error' : 'ready'}
    >
      <header className="facet-head">
        <code className="facet-field" title={props.field}>
          {props.field}
        </code>
        <span className="muted facet-meta" data-testid="facet-distinct">
          {top.distinct === null
            ? ''
            : `${formatCount(top.distinct)} value${top.distinct === 1 ? '' : 's'}`}
          {top.run.running && ` · ${formatDuration(top.run.elapsedMs)}`}
        </span>
        <RemoveButton label={`remove facet ${props.field}`} onClick={props.onRemove} />
      </header>
      {top.run.error ? (
        <div className="text-error" role="alert">
          {top.run.error.message}
        </div>
      ) : (
        <ul className="facet-values">
          {top.values.map((v) => {
            const state = v.filterable ? facetState(parts.where, props.field, v.value) : null;
            const text =
              v.value === null
                ? '(missing)'
                : typeof v.value === 'string'
                  ? v.value
                  : displayValue(v.value);
            // A value's two buttons: filter in, filter out; each takes its own filter back.
            const hint = (mode: 'in' | 'out') =>
              state === mode
                ? 'take this filter back'
                : `${mode === 'in' ? 'only' : 'exclude'} events where ${props.field} = ${displayValue(v.value)}`;
            return (
              <li
                key={displayValue(v.value)}
                className={`facet-value ${state ? `facet-state-${state}` : ''}`}
                data-testid="facet-value"
                data-value={displayValue(v.value)}
                data-count={v.count}
                data-state={state ?? undefined}
              >
                <button
                  type="button"
                  className="facet-in"
                  disabled={!v.filterable}
                  title={hint('in')}
                  data-testid="facet-in"
                  onClick={() => toggle(v.value as JsonPrimitive, 'in')}
                >
                  <span
                    className="facet-bar"
                    style={{ width: `${share(v.count, total) * 100}%` }}
                  />
                  <span className={`facet-text ${v.value === null ? 'muted' : ''}`}>{text}</span>
                  <span className="facet-count">{formatCount(v.count)}</span>
                  <span className="facet-share" data-testid="facet-share">
                    {formatShare(v.count, total)}
                  </span>
                </button>
                <button
                  type="button"
                  className={`facet-out ${state === 'out' ? 'is-on' : ''}`}
                  disabled={!v.filterable}
                  aria-label={`exclude ${text}`}
                  title={hint('out')}
                  data-testid="facet-out"
                  onClick={() => toggle(v.value as JsonPrimitive, 'out')}
                >
                  −
                </button>
              </li>
            );
          })}
          {top.values.length === 0 && !top.run.running && (
            <li className="muted facet-empty" data-testid="facet-empty">
              {top.run.cancelled ? 'cancelled' : 'no events'}
            </li>
          )}
        </ul>
      )}
      {top.distinct !== null && top.distinct > top.values.length && (
        <button
          type="button"
          className="link-button facet-more"
          onClick={() => setLimit((l) => Math.min(l * 5, 1000))}
        >
          show more ({formatCount(top.distinct - top.values.length)} other values)
        </button>
      )}
    </section>
  );
}
