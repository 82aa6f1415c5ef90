import { describe, expect, it } from 'vitest';
import { maxPatternLength, parseRegex, requiredLiterals, toJsSource } from './regex-syntax';

const ast = (p: string) => {
  const r = parseRegex(p);
  if (!r.ok) throw new Error(r.message);
  return r.ast;
};
const js = (p: string, flags = 'u') => new RegExp(toJsSource(ast(p)), flags);

describe('parseRegex', () => {
  it.each([
    ['(a)\\1', 'backreferences are not supported'],
    ['(?=a)', 'lookaround and named groups are not supported'],
    ['(?<n>a)', 'lookaround and named groups are not supported'],
    ['(?i)abc', 'flag groups such as (?i) are not supported'],
    ['a{1001}', 'a repetition count over 1000'],
    ['a{5,2}', 'with max below min'],
    ['[[:alpha:]]', 'POSIX classes'],
    ['a{', 'a "{" that does not start a repetition'],
    ['a]', 'an unescaped "]"'],
    ['(ab', 'a "(" without its ")"'],
    ['ab)', 'a ")" without its "("'],
    ['*a', '"*" with nothing before it'],
    ['a**', 'a repetition of a repetition'],
    ['\\Qa\\E', '"\\Q" is not supported'],
    ['\\C', '"\\C" is not supported'],
    ['\\123', 'backreferences are not supported'],
    ['[z-a]', 'a range whose end comes before its start'],
    ['[ab', 'a "[" without its "]"'],
    ['\\x{110000}', 'is not a character code'],
    ['\\p{Ll', 'a \\p{ without its }'],
    ['a\\', 'a "\\" at the end'],
  ])('refuses %s: %s', (pattern, message) => {
    const r = parseRegex(pattern);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(message);
  });

  it('refuses an over-long pattern', () => {
    const r = parseRegex('a'.repeat(maxPatternLength + 1));
    expect(!r.ok && r.message).toBe(
      `the regular expression is longer than ${maxPatternLength} characters`,
    );
  });

  it('names the position of a problem', () => {
    const r = parseRegex('abc(?=x)');
    expect(!r.ok && r.message).toMatch(/at character 4$/u);
    const open = parseRegex('ab(cd');
    expect(!open.ok && open.message).toBe('a "(" without its ")" at character 3');
    const brace = parseRegex('ab{');
    expect(!brace.ok && brace.message).toMatch(/at character 3$/u);
  });
});

describe('toJsSource', () => {
  it('gives JavaScript the meaning RE2 has', () => {
    expect(js('a.c').test('a\rc')).toBe(true); // RE2's . is anything but \n
    expect(js('a.c').test('a\nc')).toBe(false);
    expect(js('\\s').test('\u00a0')).toBe(false); // RE2's \s is ASCII
    expect(js('\\S').test('\u00a0')).toBe(true);
    expect(js('^[\\Dx]$').test('x')).toBe(true);
    expect(js('^[\\Dx]$').test('5')).toBe(false);
    expect(js('^[^\\D5]$').test('7')).toBe(true);
    expect(js('^[^\\D5]$').test('5')).toBe(false);
    expect(js('^[^\\D5]$').test('a')).toBe(false);
    expect(js('\\pL+').exec('12 Ärger!')?.[0]).toBe('Ärger');
    expect(js('\\x{1F600}|\\x41').test('😀')).toBe(true);
    expect(js('a\\-b\\{\\}\\/').test('a-b{}/')).toBe(true);
    expect(js('(ab|cd){2}').test('abcd')).toBe(true);
    expect(js('\\Aab\\z').test('ab')).toBe(true);
    expect(js('[-a]').test('-')).toBe(true);
    expect(js('').test('anything')).toBe(true);
  });
});

describe('requiredLiterals', () => {
  it('finds the strings every match contains', () => {
    expect(requiredLiterals(ast('Googlebot/\\d\\.\\d'))).toEqual({
      kind: 'and',
      parts: [
        { kind: 'literal', text: 'Googlebot/' },
        { kind: 'literal', text: '.' },
      ],
    });
    expect(requiredLiterals(ast('(timeout|timed out) after \\d+ms'))).toEqual({
      kind: 'and',
      parts: [
        {
          kind: 'or',
          parts: [
            { kind: 'literal', text: 'timeout' },
            { kind: 'literal', text: 'timed out' },
          ],
        },
        { kind: 'literal', text: ' after ' },
        { kind: 'literal', text: 'ms' },
      ],
    });
    expect(requiredLiterals(ast('^ab\\bcd$'))).toEqual({ kind: 'literal', text: 'abcd' });
    expect(requiredLiterals(ast('(abc)+x?'))).toEqual({ kind: 'literal', text: 'abc' });
    expect(requiredLiterals(ast('(abc)*|x'))).toEqual({ kind: 'true' });
    expect(requiredLiterals(ast('ärger'), true)).toEqual({ kind: 'literal', text: 'rger' });
  });
});
