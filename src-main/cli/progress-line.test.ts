import { describe, expect, it } from 'vitest';
import { ProgressLine } from './progress-line';

/** A pipe (not a terminal) that keeps what is written, and a clock the test moves. */
function plainOutput() {
  const lines: string[] = [];
  let now = 50_000;
  return {
    lines,
    out: { write: (text: string) => lines.push(text), isTTY: false },
    clock: () => now,
    advance: (ms: number) => (now += ms),
  };
}

describe('progress on a pipe', () => {
  it('says nothing in the first second: a short job prints where it ended, then its summary', () => {
    const o = plainOutput();
    const line = new ProgressLine(false, o.out, o.clock);
    // A small file: read whole before its first batch is written.
    line.update('importing: 100% of 167.2 KiB, 0 events');
    o.advance(300);
    line.update('importing: 100% of 167.2 KiB, 2,000 events');
    line.message('Imported 2,000 events');
    expect(o.lines).toEqual([
      'importing: 100% of 167.2 KiB, 2,000 events\n',
      'Imported 2,000 events\n',
    ]);
  });

  it('prints a line after the first second, then one every two seconds', () => {
    const o = plainOutput();
    const line = new ProgressLine(false, o.out, o.clock);
    for (let t = 0; t < 5_000; t += 100) {
      line.update(`at ${t}`);
      o.advance(100);
    }
    expect(o.lines).toEqual(['at 1000\n', 'at 3000\n']);
    // Done: the last state, held back by the throttle, is printed once.
    line.done();
    line.done();
    expect(o.lines).toEqual(['at 1000\n', 'at 3000\n', 'at 4900\n']);
  });

  it('prints a start at once, then keeps the same pace', () => {
    const o = plainOutput();
    const line = new ProgressLine(false, o.out, o.clock);
    line.start('mirror: building, 0 of 30,000 events');
    o.advance(500);
    line.update('mirror: building, 1,500 of 30,000 events');
    o.advance(1_600);
    line.update('mirror: building, 9,000 of 30,000 events');
    expect(o.lines).toEqual([
      'mirror: building, 0 of 30,000 events\n',
      'mirror: building, 9,000 of 30,000 events\n',
    ]);
  });

  it('rewrites one line at a terminal, at once, and clears it before a message', () => {
    const o = plainOutput();
    const line = new ProgressLine(false, { ...o.out, isTTY: true, columns: 20 }, o.clock);
    line.update('importing: 5%');
    line.message('done');
    expect(o.lines).toEqual([`\r${'importing: 5%'.padEnd(19)}`, `\r${' '.repeat(19)}\r`, 'done\n']);
  });

  it('is silent when quiet, but for messages', () => {
    const o = plainOutput();
    const line = new ProgressLine(true, o.out, o.clock);
    o.advance(10_000);
    line.update('importing');
    line.message('Imported');
    expect(o.lines).toEqual(['Imported\n']);
  });
});
