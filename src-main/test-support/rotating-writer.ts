import { Worker } from 'node:worker_threads';

/**
 * A log writer on its own thread, like a real service's logger: it appends NDJSON lines
 * `{"n":1,"t":<epoch ms when written>,...}` at a steady rate, often in two writes (so readers
 * see partial last lines), and rotates by rename (`app.log` → `app.log.1` → `app.log.2` …,
 * then a new `app.log`) every `rotateEvery` lines, always after a complete line.
 */
export interface RotatingWriterOptions {
  file: string;
  linesPerSecond: number;
  total: number;
  rotateEvery: number;
  /** Bytes of padding per line (default 60: a line of about 100 bytes). */
  pad?: number;
}

export interface RotatingWriter {
  /** Called after each rotation with its number (1, 2, …). */
  onRotate(fn: (n: number) => void): void;
  /** Resolves with the number of lines written, once all are. */
  done: Promise<number>;
  stop(): Promise<void>;
}

const code = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { file, linesPerSecond, total, rotateEvery, pad } = workerData;
const padding = 'x'.repeat(pad);
let fd = fs.openSync(file, 'a');
let n = 0;
let inFile = 0;
let carry = '';
let rotations = 0;
const started = Date.now();
function rotate() {
  fs.closeSync(fd);
  let k = 1;
  while (fs.existsSync(file + '.' + k)) k++;
  for (let i = k; i > 1; i--) fs.renameSync(file + '.' + (i - 1), file + '.' + i);
  fs.renameSync(file, file + '.1');
  fd = fs.openSync(file, 'a');
  inFile = 0;
  parentPort.postMessage({ rotated: ++rotations });
}
function tick() {
  const due = Math.min(total, Math.floor(((Date.now() - started) * linesPerSecond) / 1000));
  let text = carry;
  while (n < due) {
    n++;
    text += '{"n":' + n + ',"t":' + Date.now() + ',"pad":"' + padding + '"}\\n';
    inFile++;
    if (inFile >= rotateEvery && n < total) {
      fs.writeSync(fd, text);
      text = '';
      carry = '';
      rotate();
    }
  }
  // Half of the last line now, the rest with the next write: a partial line for readers.
  if (n < total && text.length > 2) {
    const cut = text.length - Math.floor(pad / 2);
    carry = text.slice(cut);
    text = text.slice(0, cut);
  } else carry = '';
  if (text) fs.writeSync(fd, text);
  if (n >= total && !carry) {
    fs.closeSync(fd);
    parentPort.postMessage({ done: n });
    return;
  }
  setTimeout(tick, 5);
}
tick();
`;

export function startRotatingWriter(options: RotatingWriterOptions): RotatingWriter {
  const worker = new Worker(code, { eval: true, workerData: { pad: 60, ...options } });
  const listeners: ((n: number) => void)[] = [];
  const done = new Promise<number>((resolve, reject) => {
    worker.on('message', (m: { rotated?: number; done?: number }) => {
      if (m.rotated !== undefined) for (const fn of listeners) fn(m.rotated);
      if (m.done !== undefined) resolve(m.done);
    });
    worker.on('error', reject);
  });
  return {
    onRotate: (fn) => listeners.push(fn),
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}
