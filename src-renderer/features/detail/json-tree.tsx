import { useState } from 'react';
import { formatField, type PathSegment } from '../../../src-shared/contract/fields';
import type { JsonValue } from '../../../src-shared/contract/json-value';

export interface ValueActions {
  copyValue(value: JsonValue): void;
  copyPath(path: string): void;
  /** Absent when the value cannot be a condition (objects, arrays). */
  filter?(path: string, value: JsonValue, exclude: boolean): void;
}

function scalarClass(v: JsonValue): string {
  if (v === null) return 'json-null';
  if (typeof v === 'string') return 'json-string';
  if (typeof v === 'number') return 'json-number';
  return 'json-bool';
}

function Scalar({ value }: { value: JsonValue }) {
  return <span className={`json-value ${scalarClass(value)}`}>{JSON.stringify(value)}</span>;
}

function Actions(props: { path: string; value: JsonValue; actions: ValueActions }) {
  const { path, value, actions } = props;
  const scalar = value === null || typeof value !== 'object';
  return (
    <span className="json-actions">
      <button
        type="button"
        data-testid="copy-value"
        title="Copy the value"
        onClick={() => actions.copyValue(value)}
      >
        copy
      </button>
      <button
        type="button"
        data-testid="copy-path"
        title={`Copy the path ${path}`}
        onClick={() => actions.copyPath(path)}
      >
        path
      </button>
      {scalar && actions.filter && (
        <>
          <button
            type="button"
            data-testid="filter-to"
            title={`Filter to ${path} = ${JSON.stringify(value)}`}
            onClick={() => actions.filter?.(path, value, false)}
          >
            = filter
          </button>
          <button
            type="button"
            data-testid="filter-out"
            title={`Exclude ${path} = ${JSON.stringify(value)}`}
            onClick={() => actions.filter?.(path, value, true)}
          >
            ≠ exclude
          </button>
        </>
      )}
    </span>
  );
}

/**
 * A collapsible JSON tree with actions on every value: copy it, copy its DSL path, and (for
 * scalars) filter to it or exclude it. Small and custom: the tree viewers on npm have no
 * per-value actions.
 */
export function JsonTree(props: {
  root: 'payload' | 'metadata';
  value: JsonValue;
  actions: ValueActions;
}) {
  return (
    <div className="json-tree mono" role="tree" aria-label={props.root}>
      <Node
        name={props.root}
        segments={[]}
        root={props.root}
        value={props.value}
        actions={props.actions}
        depth={0}
      />
    </div>
  );
}

function Node(props: {
  name: string;
  segments: PathSegment[];
  root: 'payload' | 'metadata';
  value: JsonValue;
  actions: ValueActions;
  depth: number;
}) {
  const { value, segments, root, actions, depth } = props;
  const [open, setOpen] = useState(depth < 3);
  const path = formatField({ kind: 'json', root, segments });
  const isArray = Array.isArray(value);
  const container = value !== null && typeof value === 'object';
  const entries: [string, JsonValue][] = container
    ? isArray
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value)
    : [];
  return (
    <div
      className="json-node"
      role="treeitem"
      aria-expanded={container ? open : undefined}
      data-path={path}
    >
      <div className="json-line">
        {container ? (
          <button
            type="button"
            className="json-toggle"
            onClick={() => setOpen((o) => !o)}
            aria-label={open ? 'Collapse' : 'Expand'}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="json-toggle-space" />
        )}
        <span className="json-key">{props.name}</span>
        <span className="json-colon">:</span>
        {container ? (
          <span className="json-summary">
            {isArray ? `[${entries.length}]` : `{${entries.length}}`}
            {!open && <span className="muted"> {JSON.stringify(value).slice(0, 80)}</span>}
          </span>
        ) : (
          <Scalar value={value} />
        )}
        {depth > 0 && <Actions path={path} value={value} actions={actions} />}
      </div>
      {container && open && (
        <div className="json-children" role="group">
          {entries.map(([key, child]) => (
            <Node
              key={key}
              name={key}
              segments={[...segments, isArray ? Number(key) : key]}
              root={root}
              value={child}
              actions={actions}
              depth={depth + 1}
            />
          ))}
        </div>
      )}
    </div>
  );
}
