/**
 * Python literals as JSON values: dicts, lists, tuples, strings in either quote, numbers, True,
 * False and None. CSV exports made with Python often hold `str(dict)` cells (the OTRF S3
 * honeybucket log: `{'type': 'AWSAccount', 'accountId': 'ANONYMOUS_PRINCIPAL'}`). Returns
 * undefined when the text is not such a literal.
 */
export function parsePythonLiteral(text: string): unknown {
  const p = new Parser(text);
  try {
    p.space();
    const value = p.value(0);
    p.space();
    return p.at === text.length ? value : undefined;
  } catch {
    return undefined;
  }
}

class Fail extends Error {}

class Parser {
  at = 0;
  constructor(private readonly s: string) {}

  space() {
    while (this.at < this.s.length && /\s/u.test(this.s[this.at]!)) this.at++;
  }

  value(depth: number): unknown {
    if (depth > 64) throw new Fail();
    const c = this.s[this.at];
    if (c === '{') return this.dict(depth);
    if (c === '[' || c === '(') return this.list(depth, c === '[' ? ']' : ')');
    if (c === "'" || c === '"') return this.string();
    for (const [word, v] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.s.startsWith(word, this.at)) {
        this.at += word.length;
        return v;
      }
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/u.exec(this.s.slice(this.at, this.at + 400));
    if (!m) throw new Fail();
    this.at += m[0].length;
    const n = Number(m[0]);
    if (!m[1] && !m[2] && !Number.isSafeInteger(n)) return m[0];
    return n;
  }

  dict(depth: number) {
    const out: Record<string, unknown> = {};
    this.at++;
    this.space();
    if (this.s[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      const key = this.value(depth + 1);
      if (typeof key !== 'string' && typeof key !== 'number') throw new Fail();
      if (key === '__proto__') throw new Fail();
      this.space();
      if (this.s[this.at] !== ':') throw new Fail();
      this.at++;
      this.space();
      out[String(key)] = this.value(depth + 1);
      this.space();
      const c = this.s[this.at++];
      if (c === '}') return out;
      if (c !== ',') throw new Fail();
      this.space();
      if (this.s[this.at] === '}') {
        this.at++;
        return out;
      }
    }
  }

  list(depth: number, close: string) {
    const out: unknown[] = [];
    this.at++;
    this.space();
    if (this.s[this.at] === close) {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value(depth + 1));
      this.space();
      const c = this.s[this.at++];
      if (c === close) return out;
      if (c !== ',') throw new Fail();
      this.space();
      if (this.s[this.at] === close) {
        this.at++;
        return out;
      }
    }
  }

  string() {
    const quote = this.s[this.at]!;
    this.at++;
    let out = '';
    for (;;) {
      if (this.at >= this.s.length) throw new Fail();
      const c = this.s[this.at++]!;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.at++];
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        "'": "'",
        '"': '"',
        '0': '\0',
      };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'x' || e === 'u') {
        const len = e === 'x' ? 2 : 4;
        const hex = this.s.slice(this.at, this.at + len);
        if (!/^[0-9a-fA-F]+$/u.test(hex) || hex.length !== len) throw new Fail();
        out += String.fromCharCode(parseInt(hex, 16));
        this.at += len;
      } else out += `\\${e ?? ''}`;
    }
  }
}
