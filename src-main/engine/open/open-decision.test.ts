import { describe, expect, it } from 'vitest';
import { decideOpen } from './open-decision';
import type { OpenedFile } from './opened-files';

const opened = (over: Partial<OpenedFile> = {}): OpenedFile => ({
  origin: '/logs/app.log',
  ino: 1,
  size: 5_000,
  fpLen: 1024,
  fp: 'aaa',
  lines: 40,
  complete: true,
  spec: { instance: 'app.log' },
  openedAt: 0,
  ...over,
});
const seen = (size: number, fp = 'aaa', fpLen = 1024) => ({ size, fp, fpLen });

describe('decideOpen', () => {
  it('imports a file never opened', () => {
    expect(decideOpen(undefined, seen(10), false)).toEqual({ kind: 'import', why: 'new' });
  });

  it('reopens the same file (same size, same first bytes) read to its end', () => {
    const o = opened();
    expect(decideOpen(o, seen(5_000), true)).toEqual({ kind: 'reopen', opened: o });
  });

  it('offers to continue a file that grew, from the lines read', () => {
    const o = opened();
    expect(decideOpen(o, seen(9_000), true)).toEqual({
      kind: 'continue',
      why: 'grown',
      opened: o,
      fromLine: 40,
    });
  });

  it('offers to continue a file whose import stopped early (same size)', () => {
    const o = opened({ complete: false, lines: 12 });
    expect(decideOpen(o, seen(5_000), true)).toMatchObject({
      kind: 'continue',
      why: 'unfinished',
      fromLine: 12,
    });
  });

  it('imports anew a file that starts differently, is shorter, or whose instance is gone', () => {
    expect(decideOpen(opened(), seen(9_000, 'bbb'), true)).toEqual({
      kind: 'import',
      why: 'changed',
    });
    expect(decideOpen(opened(), seen(4_000), true)).toEqual({ kind: 'import', why: 'changed' });
    expect(decideOpen(opened(), seen(5_000), false)).toEqual({
      kind: 'import',
      why: 'instance-gone',
    });
  });

  it('compares as many first bytes as were recorded: a small file that grew is the same file', () => {
    const small = opened({ size: 300, fpLen: 300, fp: 'short' });
    // The caller hashes the first 300 bytes of the longer file to compare them.
    expect(decideOpen(small, seen(4_000, 'short', 300), true)).toMatchObject({
      kind: 'continue',
      why: 'grown',
    });
    // Hashed over another length, the hashes cannot be compared: another file.
    expect(decideOpen(small, seen(4_000, 'short', 1024), true)).toMatchObject({ kind: 'import' });
  });
});
