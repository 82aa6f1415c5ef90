import { reduceName } from '../../../src-shared/contract/percentile';
import { groupKeyName } from '../../../src-shared/contract/query';
import type { Aggregation, AggregationGroup } from '../../../src-shared/contract/records';
import { formatCount } from '../query-run/use-timed-query';
import { isGrouped, keyText } from './chart-model';

const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

function valueText(v: unknown): string {
  if (typeof v === 'number') return precise.format(v);
  if (v === null) return '—';
  return JSON.stringify(v);
}

/** Every group of the result (this page of them), keys and value, exact; a row opens its events. */
export function AggregationTable(props: {
  aggregation: Aggregation;
  onOpen: (g: AggregationGroup) => void;
}) {
  const a = props.aggregation;
  if (!isGrouped(a)) {
    return (
      <div className="chart-stat" data-testid="chart-stat">
        <span className="chart-stat-value">{valueText(a.value)}</span>
        <span className="muted">
          {reduceName(a)}
          {a.field ? ` of ${a.field}` : ''}
          {a.valueCount !== undefined ? ` · ${formatCount(a.valueCount)} values` : ''}
        </span>
      </div>
    );
  }
  const names = a.groupBy.map(groupKeyName);
  const showCount = a.type !== 'count' || a.field !== undefined;
  return (
    <div className="agg-table-wrap">
      <table className="agg-table" data-testid="chart-table">
        <thead>
          <tr>
            {names.map((n) => (
              <th key={n} scope="col">
                <code>{n}</code>
              </th>
            ))}
            <th scope="col" className="num">
              {reduceName(a)}
              {a.distinct ? ' distinct' : ''}
              {a.field ? ` of ${a.field}` : ''}
            </th>
            {showCount && (
              <th scope="col" className="num">
                events
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {a.groups.map((g, i) => (
            <tr
              key={i}
              className="agg-clickable"
              data-testid="chart-row"
              tabIndex={0}
              onClick={() => props.onOpen(g)}
              onKeyDown={(e) => e.key === 'Enter' && props.onOpen(g)}
            >
              {names.map((n) => (
                <td key={n} className={g.key[n] === null ? 'muted' : ''}>
                  {keyText(g.key[n])}
                </td>
              ))}
              <td className="num">{valueText(g.value)}</td>
              {showCount && <td className="num">{formatCount(g.count)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
