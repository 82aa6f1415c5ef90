import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { Operator } from '../../../src-shared/contract/operators';
import type { WhereNode } from '../../../src-shared/contract/query';

/**
 * The builder's view of `where`: the same tree as the DSL, with ids for React and room for rows
 * the user has not finished yet (a condition without a field or operator). The top-level array
 * of the DSL is an implicit AND: the root group. `{ not: X }` is a node of its own holding X, so
 * that every DSL tree — `not` of a condition, of a group, of another `not` — maps to exactly one
 * builder tree and back (see whereToTree / treeToWhere, which are inverses on valid input).
 */
export type BuilderNode = BuilderCondition | BuilderGroup | BuilderNot;

export interface BuilderCondition {
  kind: 'condition';
  id: string;
  /** '' while the user has not picked one. */
  field: string;
  operator: Operator | null;
  /** The operand exactly as the DSL holds it; undefined while not entered. */
  value?: JsonValue;
}

export interface BuilderGroup {
  kind: 'group';
  id: string;
  op: 'and' | 'or';
  children: BuilderNode[];
}

export interface BuilderNot {
  kind: 'not';
  id: string;
  child: BuilderNode;
}

let counter = 0;
/** Ids only need to be unique within the page. */
export const newNodeId = (): string => `n${(++counter).toString(36)}`;

export function emptyCondition(field = ''): BuilderCondition {
  return { kind: 'condition', id: newNodeId(), field, operator: null };
}

export function rootGroup(children: BuilderNode[] = []): BuilderGroup {
  return { kind: 'group', id: 'root', op: 'and', children };
}

function nodeFrom(node: WhereNode): BuilderNode {
  if ('or' in node)
    return { kind: 'group', id: newNodeId(), op: 'or', children: node.or.map(nodeFrom) };
  if ('and' in node)
    return { kind: 'group', id: newNodeId(), op: 'and', children: node.and.map(nodeFrom) };
  if ('not' in node) return { kind: 'not', id: newNodeId(), child: nodeFrom(node.not) };
  const c: BuilderCondition = {
    kind: 'condition',
    id: newNodeId(),
    field: node.field,
    operator: node.operator,
  };
  if (node.value !== undefined) c.value = node.value;
  return c;
}

/** The builder tree of a DSL `where` (the root is the implicit AND of the top-level array). */
export function whereToTree(where: readonly WhereNode[] | undefined): BuilderGroup {
  return rootGroup((where ?? []).map(nodeFrom));
}

/** True when the node (and everything under it) can be sent. */
export function isComplete(node: BuilderNode): boolean {
  switch (node.kind) {
    case 'condition':
      return node.field !== '' && node.operator !== null && node.value !== undefined;
    case 'group':
      return node.children.every(isComplete);
    case 'not':
      return isComplete(node.child);
  }
}

function nodeTo(node: BuilderNode): WhereNode | null {
  switch (node.kind) {
    case 'condition':
      if (node.field === '' || node.operator === null || node.value === undefined) return null;
      return { field: node.field, operator: node.operator, value: node.value };
    case 'group': {
      const children = node.children.map(nodeTo).filter((n): n is WhereNode => n !== null);
      // A group whose rows are all unfinished is itself unfinished: an empty `or` would match
      // nothing, which is not what a half-built group means.
      if (children.length === 0 && node.children.length > 0) return null;
      return node.op === 'or' ? { or: children } : { and: children };
    }
    case 'not': {
      const child = nodeTo(node.child);
      return child === null ? null : { not: child };
    }
  }
}

/**
 * The DSL `where` of a builder tree. Unfinished rows are left out (the builder marks them as
 * such, so nothing is dropped unseen); finished ones keep their exact shape and values.
 */
export function treeToWhere(root: BuilderGroup): WhereNode[] {
  return root.children.map(nodeTo).filter((n): n is WhereNode => n !== null);
}

/** Counts unfinished conditions, for the "2 rows are not complete" notice. */
export function countIncomplete(node: BuilderNode): number {
  switch (node.kind) {
    case 'condition':
      return isComplete(node) ? 0 : 1;
    case 'group':
      return node.children.reduce((n, c) => n + countIncomplete(c), 0);
    case 'not':
      return countIncomplete(node.child);
  }
}

// ---- immutable edits by id -------------------------------------------------------------------

/** Applies `fn` to the node with `id`; returning null removes it. */
export function updateNode(
  root: BuilderGroup,
  id: string,
  fn: (node: BuilderNode) => BuilderNode | null,
): BuilderGroup {
  const visit = (node: BuilderNode): BuilderNode | null => {
    if (node.id === id) return fn(node);
    if (node.kind === 'group') {
      const children = node.children.map(visit).filter((n): n is BuilderNode => n !== null);
      return children.length === node.children.length &&
        children.every((c, i) => c === node.children[i])
        ? node
        : { ...node, children };
    }
    if (node.kind === 'not') {
      const child = visit(node.child);
      // Removing the only child of a NOT removes the NOT.
      if (child === null) return null;
      return child === node.child ? node : { ...node, child };
    }
    return node;
  };
  const next = visit(root);
  return next && next.kind === 'group' ? { ...next, id: 'root', op: 'and' } : rootGroup();
}

export function removeNode(root: BuilderGroup, id: string): BuilderGroup {
  return updateNode(root, id, () => null);
}

/** Adds `child` to a group: at its end, or before position `at`. */
export function appendChild(
  root: BuilderGroup,
  groupId: string,
  child: BuilderNode,
  at?: number,
): BuilderGroup {
  return updateNode(root, groupId, (node) => {
    if (node.kind !== 'group') return node;
    const children = [...node.children];
    children.splice(at ?? children.length, 0, child);
    return { ...node, children };
  });
}

/** Wraps a node in NOT, or unwraps it when it already is one. */
export function toggleNot(root: BuilderGroup, id: string): BuilderGroup {
  return updateNode(root, id, (node) =>
    node.kind === 'not' ? node.child : { kind: 'not', id: newNodeId(), child: node },
  );
}

export function findNode(root: BuilderNode, id: string): BuilderNode | null {
  if (root.id === id) return root;
  if (root.kind === 'group') {
    for (const c of root.children) {
      const found = findNode(c, id);
      if (found) return found;
    }
  }
  if (root.kind === 'not') return findNode(root.child, id);
  return null;
}

/**
 * The id of the builder node a validation issue path points at (`where[2].or[0].value` ->
 * the node for where[2].or[0]), so the builder can mark the row that is wrong.
 */
export function nodeIdAtPath(root: BuilderGroup, path: readonly PropertyKey[]): string | null {
  // Only complete nodes reach the DSL, so map DSL indexes through the complete children.
  let node: BuilderNode = root;
  let i = 0;
  const sent = (g: BuilderGroup) => g.children.filter((c) => nodeTo(c) !== null);
  if (path[0] === 'where') i = 1;
  let lastId: string | null = null;
  while (i < path.length) {
    const seg = path[i];
    if (node.kind === 'group' && typeof seg === 'number') {
      const child: BuilderNode | undefined = sent(node)[seg];
      if (!child) return lastId;
      node = child;
      lastId = child.id;
      i++;
    } else if (node.kind === 'group' && (seg === 'or' || seg === 'and')) {
      i++;
    } else if (node.kind === 'not' && seg === 'not') {
      node = node.child;
      lastId = node.id;
      i++;
    } else {
      break;
    }
  }
  return lastId;
}
