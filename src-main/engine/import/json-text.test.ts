import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasLongDigitRun, parseJsonText, quoteUnsafeIntegers } from './json-text';
import { parsePythonLiteral } from './python-literal';

describe('JSON text with big integers', () => {
  it('finds a run of 16 digits wherever /\\d{16}/ does, looking at every 16th character', () => {
    const digitsAndNot = fc.string({ unit: fc.constantFrom('0', '7', '9', 'a', '"', '-', '.') });
    fc.assert(
      fc.property(digitsAndNot, fc.nat(40), fc.nat(40), (text, at, run) => {
        const withRun = text.slice(0, at) + '1'.repeat(run) + text.slice(at);
        for (const t of [text, withRun]) expect(hasLongDigitRun(t)).toBe(/\d{16}/u.test(t));
      }),
      { numRuns: 3_000 },
    );
    // Every place and length of a run near 16, after another run or not.
    for (let at = 0; at < 40; at++) {
      for (let run = 12; run <= 20; run++) {
        for (const before of ['', '12345678901234.', '1'.repeat(at) + 'x']) {
          const t = before + 'x'.repeat(at) + '9'.repeat(run) + '"' + '5'.repeat(at % 17);
          expect(hasLongDigitRun(t), t).toBe(/\d{16}/u.test(t));
        }
      }
    }
  });

  it('keeps integers a double cannot hold as the digits written', () => {
    const line =
      '{"Keywords":-9223372036854775808,"RecordNumber":3778087,"big":12345678901234567890}';
    expect(parseJsonText(line)).toEqual({
      Keywords: '-9223372036854775808',
      RecordNumber: 3778087,
      big: '12345678901234567890',
    });
  });

  it('leaves digits inside strings, floats and safe integers alone', () => {
    const line =
      '{"sha":"12345678901234567890","esc":"a\\"1234567890123456789","f":1.5e21,"n":9007199254740991,"a":[-9007199254740993]}';
    expect(parseJsonText(line)).toEqual({
      sha: '12345678901234567890',
      esc: 'a"1234567890123456789',
      f: 1.5e21,
      n: 9007199254740991,
      a: ['-9007199254740993'],
    });
  });

  it('reads any JSON exactly as JSON.parse does when no integer is unsafe', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(quoteUnsafeIntegers(text)).toBe(text);
        expect(parseJsonText(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Python literals in CSV cells', () => {
  it('reads the dict text of the OTRF honeybucket log', () => {
    expect(
      parsePythonLiteral(
        "{'type': 'AWSAccount', 'principalId': '', 'accountId': 'ANONYMOUS_PRINCIPAL'}",
      ),
    ).toEqual({ type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' });
  });

  it('reads nesting, tuples, escapes, True/False/None and numbers', () => {
    expect(
      parsePythonLiteral(`{"a": [1, 2.5, -3e2], 'b': (True, False, None), 'c': 'it\\'s', 'd': {}}`),
    ).toEqual({ a: [1, 2.5, -300], b: [true, false, null], c: "it's", d: {} });
    expect(parsePythonLiteral("['x\\n', 'caf\\xe9', 12345678901234567890]")).toEqual([
      'x\n',
      'café',
      '12345678901234567890',
    ]);
  });

  it('says undefined for what is not a literal', () => {
    for (const text of ["{'a': 1", "{'a' 1}", 'hello', "{'a': 1} trailing", '{__proto__: 1}']) {
      expect(parsePythonLiteral(text)).toBeUndefined();
    }
    expect(parsePythonLiteral("{'__proto__': 1}")).toBeUndefined();
  });
});
