import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WhereNode } from '../../../src-shared/contract/query';
import { whereNode } from '../../test-support/dsl-arbitraries';
import {
  appendChild,
  countIncomplete,
  emptyCondition,
  findNode,
  nodeIdAtPath,
  removeNode,
  toggleNot,
  treeToWhere,
  updateNode,
  whereToTree,
  type BuilderCondition,
  type BuilderGroup,
} from './builder-tree';

describe('builder tree <-> DSL where', () => {
  it('is an exact round trip for every where the DSL can hold', () => {
    fc.assert(
      fc.property(fc.array(whereNode, { maxLength: 5 }), (where) => {
        expect(treeToWhere(whereToTree(where))).toStrictEqual(where);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps NOT of NOT, empty groups and a condition without a value as they are', () => {
    const where: WhereNode[] = [
      { not: { not: { field: 'a', operator: 'eq', value: 1 } } },
      { or: [] },
      { and: [] },
      { not: { or: [{ field: 'b', operator: 'in', value: [] }] } },
    ];
    expect(treeToWhere(whereToTree(where))).toStrictEqual(where);
  });

  it('leaves unfinished rows out of the DSL and counts them', () => {
    let tree = whereToTree([{ field: 'a', operator: 'eq', value: 'x' }]);
    const draft = emptyCondition();
    tree = appendChild(tree, 'root', draft);
    const group: BuilderGroup = {
      kind: 'group',
      id: 'g1',
      op: 'or',
      children: [emptyCondition('b')],
    };
    tree = appendChild(tree, 'root', group);
    expect(treeToWhere(tree)).toEqual([{ field: 'a', operator: 'eq', value: 'x' }]);
    expect(countIncomplete(tree)).toBe(2);
    // Finishing the row inside the OR group brings the group in.
    const inner = group.children[0]!;
    tree = updateNode(tree, inner.id, (n) => ({
      ...(n as BuilderCondition),
      operator: 'gt',
      value: 3,
    }));
    expect(treeToWhere(tree)).toEqual([
      { field: 'a', operator: 'eq', value: 'x' },
      { or: [{ field: 'b', operator: 'gt', value: 3 }] },
    ]);
    expect(countIncomplete(tree)).toBe(1);
  });

  it('adds a row at a position (after the shown rows of a long group)', () => {
    const where: WhereNode[] = ['a', 'b', 'c'].map((f) => ({
      field: f,
      operator: 'exists',
      value: true,
    }));
    const row: BuilderCondition = { ...emptyCondition('z'), operator: 'exists', value: true };
    const tree = appendChild(whereToTree(where), 'root', row, 1);
    expect(treeToWhere(tree).map((n) => (n as { field: string }).field)).toEqual([
      'a',
      'z',
      'b',
      'c',
    ]);
  });

  it('wraps in NOT and unwraps; removing the child of a NOT removes the NOT', () => {
    let tree = whereToTree([{ field: 'a', operator: 'eq', value: 1 }]);
    const id = tree.children[0]!.id;
    tree = toggleNot(tree, id);
    expect(treeToWhere(tree)).toEqual([{ not: { field: 'a', operator: 'eq', value: 1 } }]);
    const notId = tree.children[0]!.id;
    expect(treeToWhere(toggleNot(tree, notId))).toEqual([{ field: 'a', operator: 'eq', value: 1 }]);
    expect(treeToWhere(removeNode(tree, id))).toEqual([]);
  });

  it('finds the row a validation path points at, through groups and NOTs', () => {
    const tree = whereToTree([
      { field: 'a', operator: 'eq', value: 1 },
      {
        or: [
          { field: 'b', operator: 'eq', value: 2 },
          { not: { field: 'c', operator: 'in', value: 3 } },
        ],
      },
    ]);
    const group = tree.children[1] as BuilderGroup;
    const not = group.children[1]!;
    const c = findNode(not, not.kind === 'not' ? not.child.id : '')!;
    expect(nodeIdAtPath(tree, ['where', 1, 'or', 1, 'not', 'value'])).toBe(c.id);
    expect(nodeIdAtPath(tree, ['where', 0, 'operator'])).toBe(tree.children[0]!.id);
    expect(nodeIdAtPath(tree, ['where', 1])).toBe(group.id);
  });

  it('maps DSL indexes past unfinished rows', () => {
    let tree = whereToTree([]);
    tree = appendChild(tree, 'root', emptyCondition());
    const done = { ...emptyCondition('x'), operator: 'eq' as const, value: 1 };
    tree = appendChild(tree, 'root', done);
    expect(nodeIdAtPath(tree, ['where', 0, 'value'])).toBe(done.id);
  });
});
