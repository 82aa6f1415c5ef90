import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { querySchema, type WhereNode } from '../../../src-shared/contract/query';
import { useQueryStore } from '../../state/query-store';
import { pickInterval } from '../histogram/buckets';
import { useCurrentQuery } from '../query-run/use-current-query';
import { AggregationEditor } from './aggregation-editor';
import { LimitEditor, OrderEditor, SelectEditor } from './builder-sections';
import {
  countIncomplete,
  nodeIdAtPath,
  treeToWhere,
  whereToTree,
  type BuilderGroup,
} from './builder-tree';
import { StreamPicker } from './stream-picker';
import { useFieldCatalog } from './use-field-catalog';
import { WhereEditor } from './where-editor';
import './builder.css';

const sameWhere = (a: readonly WhereNode[], b: readonly WhereNode[]) =>
  a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * The visual query builder: every part of the DSL as controls. It edits the current query in
 * the store directly — a finished, valid change applies at once (and the JSON beside it follows);
 * rows still being filled in stay here, marked, until they are complete.
 */
export function QueryBuilder(props: { instanceId: string; spanMs: number }) {
  const store = useQueryStore();
  const { fields } = useFieldCatalog(props.instanceId);
  const current = useCurrentQuery();
  const [tree, setTree] = useState<BuilderGroup>(() => whereToTree(store.where));
  const written = useRef<readonly WhereNode[]>(store.where);
  const [problems, setProblems] = useState<Map<string, string>>(new Map());

  // The store changed from elsewhere (JSON, facets, a saved query): show it, keeping the rows
  // the user has not finished at the end.
  useEffect(() => {
    if (sameWhere(store.where, written.current)) return;
    written.current = store.where;
    setTree((prev) => {
      const next = whereToTree(store.where);
      const drafts = prev.children.filter((c) => countIncomplete(c) > 0);
      return { ...next, children: [...next.children, ...drafts] };
    });
    setProblems(new Map());
  }, [store.where]);

  const edit = (next: BuilderGroup) => {
    setTree(next);
    const where = treeToWhere(next);
    const check = querySchema.safeParse({ from: { instance: 'x' }, where });
    if (!check.success) {
      const found = new Map<string, string>();
      for (const issue of check.error.issues) {
        const id = nodeIdAtPath(
          next,
          issue.path.filter((p) => typeof p !== 'symbol'),
        );
        if (id && !found.has(id)) found.set(id, issue.message);
      }
      setProblems(found);
      return;
    }
    setProblems(new Map());
    if (sameWhere(where, written.current)) return;
    written.current = where;
    store.setWhere(where);
  };

  const unfinished = countIncomplete(tree);
  const suggestedInterval = useMemo(() => pickInterval(props.spanMs), [props.spanMs]);
  const source = current.full?.from ?? null;

  return (
    <div className="builder" data-testid="query-builder">
      <Section label="From">
        <StreamPicker
          instanceId={props.instanceId}
          value={store.stream}
          onChange={store.setStream}
        />
      </Section>
      <Section label="Where">
        <WhereEditor root={tree} edit={edit} fields={fields} source={source} problems={problems} />
        {unfinished > 0 && (
          <span className="hint" data-testid="unfinished">
            {unfinished === 1 ? '1 condition is' : `${unfinished} conditions are`} not complete and
            not applied yet
          </span>
        )}
        {problems.size > 0 && (
          <span className="hint text-warn" data-testid="not-applied">
            Not applied until the marked {problems.size === 1 ? 'row is' : 'rows are'} fixed
          </span>
        )}
      </Section>
      <Section label="Aggregate">
        <AggregationEditor
          reduce={store.reduce}
          fields={fields}
          suggestedInterval={suggestedInterval}
          onChange={(reduce) => {
            // select and reduce do not combine: an aggregation returns no events.
            if (reduce && store.select) store.setSelect(null);
            store.setReduce(reduce);
          }}
        />
      </Section>
      <Section label="Select">
        <SelectEditor
          select={store.select}
          fields={fields}
          onChange={store.setSelect}
          {...(store.reduce ? { disabled: 'an aggregation returns groups, not events' } : {})}
        />
      </Section>
      <Section label="Order" inline>
        <OrderEditor orderBy={store.orderBy} fields={fields} onChange={store.setOrderBy} />
        <span className="builder-section-label builder-inline-label">Limit</span>
        <LimitEditor limit={store.limit} onChange={store.setLimit} />
      </Section>
    </div>
  );
}

/** One row of the builder: its name on the left ("WHERE"), its editor on the right. */
function Section(props: { label: string; inline?: boolean; children: ReactNode }) {
  return (
    <div className={props.inline ? 'builder-section builder-section-inline' : 'builder-section'}>
      <span className="builder-section-label">{props.label}</span>
      <div className="builder-section-body">{props.children}</div>
    </div>
  );
}
