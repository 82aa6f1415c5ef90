import { useState } from 'react';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import { operatorFacts, type Operator } from '../../../src-shared/contract/operators';
import type { Query } from '../../../src-shared/contract/query';
import {
  appendChild,
  emptyCondition,
  newNodeId,
  removeNode,
  toggleNot,
  updateNode,
  type BuilderCondition,
  type BuilderGroup,
  type BuilderNode,
} from './builder-tree';
import { findField, operatorsForField, type FieldInfo } from './field-catalog';
import { FieldPicker } from './field-picker';
import { ValueEditor } from './value-editor';
import { convertOperand, operandFits } from './value-model';
import { RemoveButton } from '../../components/remove-button';
import { Select } from '../../components/select';

interface Ctx {
  root: BuilderGroup;
  edit: (next: BuilderGroup) => void;
  fields: readonly FieldInfo[];
  source: Query['from'] | null;
  /** Problems by node id (validation of the finished tree). */
  problems: ReadonlyMap<string, string>;
}

/** The conditions: rows, AND/OR groups and NOTs, nested as deep as the DSL allows. */
export function WhereEditor(props: Omit<Ctx, 'root'> & { root: BuilderGroup }) {
  return (
    <div className="where" data-testid="where-editor">
      <GroupBody ctx={props} group={props.root} depth={0} />
    </div>
  );
}

/** A group's kinds, as its drop-down offers them. */
const groupOps = ['and', 'or'] as const;
const groupOpLabels = { and: 'ALL of (AND)', or: 'ANY of (OR)' } as const;

/**
 * A group shows its first rows and a button for the rest: a query of hundreds of conditions
 * (pasted as JSON, or generated) would otherwise build thousands of inputs at once and hold the
 * window for seconds on every edit.
 */
const firstRows = 50;
const moreRows = 200;

function GroupBody(props: { ctx: Ctx; group: BuilderGroup; depth: number }) {
  const { ctx, group } = props;
  const [limit, setLimit] = useState(firstRows);
  const shown = group.children.slice(0, limit);
  const hidden = group.children.slice(limit);
  const hiddenProblems = hidden.filter((c) => hasProblem(c, ctx.problems)).length;
  // A new row goes where the user can see it: after the shown rows when some are hidden.
  const add = (node: BuilderNode) => {
    if (hidden.length === 0) return ctx.edit(appendChild(ctx.root, group.id, node));
    ctx.edit(appendChild(ctx.root, group.id, node, limit));
    setLimit((l) => l + 1);
  };
  return (
    <>
      {shown.map((child, i) => (
        <div key={child.id} className="where-item">
          <span className={`joiner joiner-${group.op}`} aria-hidden="true">
            {i > 0 ? group.op.toUpperCase() : ''}
          </span>
          <NodeView ctx={ctx} node={child} depth={props.depth} />
        </div>
      ))}
      {hidden.length > 0 && (
        <div className="where-more">
          <button
            type="button"
            className="link-button"
            data-testid="show-more-conditions"
            onClick={() => setLimit((l) => l + moreRows)}
          >
            Show {Math.min(moreRows, hidden.length).toLocaleString()} more of{' '}
            {hidden.length.toLocaleString()} hidden {hidden.length === 1 ? 'row' : 'rows'}
          </button>
          {hiddenProblems > 0 && (
            <span className="cond-problem" role="alert" data-testid="hidden-problems">
              {hiddenProblems.toLocaleString()} hidden{' '}
              {hiddenProblems === 1 ? 'row has' : 'rows have'} a problem
            </span>
          )}
        </div>
      )}
      <div className="where-actions">
        <button
          type="button"
          className="link-button"
          data-testid="add-condition"
          onClick={() => add(emptyCondition())}
        >
          + condition
        </button>
        {props.depth < 31 && (
          <button
            type="button"
            className="link-button"
            data-testid="add-group"
            onClick={() =>
              add({
                kind: 'group',
                id: newNodeId(),
                op: group.op === 'and' ? 'or' : 'and',
                children: [emptyCondition()],
              })
            }
          >
            + {group.op === 'and' ? 'OR' : 'AND'} group
          </button>
        )}
      </div>
    </>
  );
}

function NodeView(props: { ctx: Ctx; node: BuilderNode; depth: number; negated?: boolean }) {
  const { ctx, node } = props;
  if (node.kind === 'not') {
    return <NodeView ctx={ctx} node={node.child} depth={props.depth} negated />;
  }
  if (node.kind === 'group') {
    return (
      <div
        className={`group group-${node.op} ${props.negated ? 'negated' : ''}`}
        data-testid="where-group"
        data-op={node.op}
      >
        <div className="group-head">
          {props.negated && <span className="not-badge">NOT</span>}
          <Select
            label="group kind"
            testId="group-op"
            options={groupOps}
            value={node.op}
            render={(op) => groupOpLabels[op]}
            onChange={(op) =>
              ctx.edit(
                updateNode(ctx.root, node.id, (n) => (n.kind === 'group' ? { ...n, op } : n)),
              )
            }
          />
          <NodeTools ctx={ctx} id={node.id} negated={props.negated ?? false} />
        </div>
        <div className="group-body">
          <GroupBody ctx={ctx} group={node} depth={props.depth + 1} />
        </div>
      </div>
    );
  }
  return <ConditionRow ctx={ctx} cond={node} negated={props.negated ?? false} />;
}

/** NOT and remove, for a row or a group. */
function NodeTools(props: { ctx: Ctx; id: string; negated: boolean }) {
  const { ctx, id } = props;
  // The NOT wrapper is the parent of `id` when negated: toggle on the wrapper to unwrap.
  const toggle = () => {
    if (!props.negated) return ctx.edit(toggleNot(ctx.root, id));
    const parent = findNotParent(ctx.root, id);
    ctx.edit(parent ? toggleNot(ctx.root, parent) : ctx.root);
  };
  return (
    <span className="row-tools">
      <button
        type="button"
        className={`not-toggle ${props.negated ? 'is-on' : ''}`}
        aria-pressed={props.negated}
        title="Negate (NOT)"
        data-testid="toggle-not"
        onClick={toggle}
      >
        NOT
      </button>
      <RemoveButton
        label="remove"
        testId="remove-node"
        onClick={() => {
          const parent = props.negated ? findNotParent(ctx.root, id) : null;
          ctx.edit(removeNode(ctx.root, parent ?? id));
        }}
      />
    </span>
  );
}

function hasProblem(node: BuilderNode, problems: ReadonlyMap<string, string>): boolean {
  if (problems.has(node.id)) return true;
  if (node.kind === 'not') return hasProblem(node.child, problems);
  if (node.kind === 'group') return node.children.some((c) => hasProblem(c, problems));
  return false;
}

function findNotParent(node: BuilderNode, childId: string): string | null {
  if (node.kind === 'not') {
    if (node.child.id === childId) return node.id;
    return findNotParent(node.child, childId);
  }
  if (node.kind === 'group') {
    for (const c of node.children) {
      const found = findNotParent(c, childId);
      if (found) return found;
    }
  }
  return null;
}

function ConditionRow(props: { ctx: Ctx; cond: BuilderCondition; negated: boolean }) {
  const { ctx, cond } = props;
  const info = cond.field ? findField(ctx.fields, cond.field) : undefined;
  const offered = operatorsForField(info);
  const operators: Operator[] =
    cond.operator && !offered.includes(cond.operator) ? [cond.operator, ...offered] : offered;
  const set = (patch: Partial<BuilderCondition>) =>
    ctx.edit(updateNode(ctx.root, cond.id, (n) => ({ ...(n as BuilderCondition), ...patch })));
  const problem = ctx.problems.get(cond.id);
  const unfinished = cond.field === '' || cond.operator === null || cond.value === undefined;
  return (
    <div
      className={`cond ${props.negated ? 'negated' : ''} ${problem ? 'has-problem' : ''}`}
      data-testid="condition"
      data-unfinished={unfinished || undefined}
    >
      {props.negated && <span className="not-badge">NOT</span>}
      <FieldPicker
        value={cond.field}
        fields={ctx.fields}
        testId="condition-field"
        onChange={(field) => {
          const nextInfo = findField(ctx.fields, field);
          const ops = operatorsForField(nextInfo);
          const operator =
            cond.operator && ops.includes(cond.operator) ? cond.operator : (ops[0] ?? 'eq');
          const value =
            cond.operator === operator && cond.field === field
              ? cond.value
              : convertOperand(cond.value, cond.operator, operator);
          set({ field, operator, value });
        }}
      />
      <select
        className="select cond-op"
        aria-label="operator"
        data-testid="condition-operator"
        value={cond.operator ?? ''}
        disabled={cond.field === ''}
        onChange={(e) => {
          const operator = e.target.value as Operator;
          set({ operator, value: convertOperand(cond.value, cond.operator, operator) });
        }}
      >
        <option value="" disabled>
          operator
        </option>
        {operators.map((o) => (
          <option key={o} value={o}>
            {operatorFacts[o].label}
          </option>
        ))}
      </select>
      <span className="cond-value">
        {cond.operator &&
          (operandFits(cond.operator, cond.value) ? (
            <ValueEditor
              field={cond.field}
              info={info}
              operator={cond.operator}
              value={cond.value}
              source={ctx.source}
              onChange={(value: JsonValue | undefined) => set({ value })}
            />
          ) : (
            <code className="raw-value" title="edit this value in the JSON">
              {JSON.stringify(cond.value)}
            </code>
          ))}
      </span>
      <NodeTools ctx={ctx} id={cond.id} negated={props.negated} />
      {problem && (
        <span className="cond-problem" role="alert" data-testid="condition-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
