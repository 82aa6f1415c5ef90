import fs from 'node:fs';
import path from 'node:path';
import type { ImportReport } from '../../src-shared/contract/import-spec';
import { Engine } from '../engine/engine';
import { parserIn } from '../engine/import/parse-on-thread';
import { runImport } from '../engine/import/run-import';
import { openHost } from '../host/open-host';
import { localTarget, openFiles } from '../jobs/open-files';
import { writeAccessLog } from './access-log';
import { mib, rate, readOptions, table } from './measure';

/**
 * Opening a generated access log as `eventlens open` does (the host as `serve` runs it: the
 * import on the job layer's worker thread, the first page of the table through the service),
 * beside the CLI's import of the same file (runImport on the caller's thread with the parser
 * thread beside it, as `eventlens import` runs it). Reports the time from the open to the first rows a table would show (the
 * first page of the instance, asked for as soon as the first commit is announced), and both
 * import rates; target: the open's rate >= 0.8x the CLI's. Rounds alternate the two.
 *
 * `--settle-ms N` opens the file N ms after the host started (a file dropped onto a running
 * app) instead of at once (`eventlens open FILE`, which starts the host and opens).
 *
 *   npm run bench -- open [--mb 200] [--rounds 1] [--settle-ms 0] [--dir .bench]
 *   (--mb 1024: a 1 GB log)
 */
export async function runOpenFileBench(argv: string[]): Promise<void> {
  const values = readOptions(argv, { mb: 200, rounds: 1, 'settle-ms': 0, dir: '.bench' });
  const dir = path.resolve(String(values.dir));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `access-${values.mb}mb.log`);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    const lines = writeAccessLog(file, Number(values.mb) * 1024 * 1024);
    console.log(
      `wrote ${file}: ${lines.toLocaleString('en')} lines in ${secs(performance.now() - t)}`,
    );
  }
  console.log(`access log (apache combined): ${mib(fs.statSync(file).size)}`);
  const workerDir = path.dirname(process.argv[1]!); // out/main (bench.js): the built workers
  const fresh = (name: string) => {
    const db = path.join(dir, `${name}.db`);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    fs.rmSync(`${db}.mirror.duckdb`, { force: true, recursive: true });
    return db;
  };

  const rows: string[][] = [];
  for (let round = 1; round <= Number(values.rounds); round++) {
    const cliCpu = process.cpuUsage();
    const cli = await cliImport(fresh('bench-open-cli'), file, workerDir);
    const cliMicros = cpuMicros(cliCpu) / cli.events;
    const openCpu = process.cpuUsage();
    const open = await openAsHost(
      fresh('bench-open'),
      file,
      workerDir,
      Number(values['settle-ms']),
    );
    const openMicros = cpuMicros(openCpu) / open.report.events;
    const ratio = open.report.eventsPerSecond / cli.eventsPerSecond;
    rows.push([
      String(round),
      `${open.firstRowsMs.toFixed(0)} ms`,
      rate(open.report.eventsPerSecond),
      rate(cli.eventsPerSecond),
      `${ratio.toFixed(2)}x`,
      `${openMicros.toFixed(1)} / ${cliMicros.toFixed(1)} us (${(cliMicros / openMicros).toFixed(2)}x)`,
      secs(open.report.elapsedMs),
    ]);
  }
  console.log(
    table(
      [
        'round',
        'open: first rows',
        'open: import rate',
        'CLI import rate',
        'ratio',
        'CPU an event, open / CLI',
        'open: all',
      ],
      rows,
    ),
  );
  console.log('targets: first rows <= 1 s after the open; ratio >= 0.80');
  // The rates are wall time, and two runs of 10+ minutes each rarely see the same load on a
  // shared machine; the process's CPU time an event (every thread) compares the two paths'
  // work whatever the load was (its ratio is CLI / open, so above 1 is the open cheaper).
  console.log('CPU an event: the whole process (all threads), user + system');
}

async function cliImport(db: string, file: string, workerDir: string): Promise<ImportReport> {
  const engine = Engine.open(db);
  try {
    return await runImport(engine, { instance: 'cli' }, [file], { parser: parserIn(workerDir) });
  } finally {
    engine.close();
  }
}

async function openAsHost(db: string, file: string, workerDir: string, settleMs: number) {
  // No mirror: it waits while a job runs anyway, and its build after the import is not timed.
  const host = openHost({ db, workerDir, mirror: false });
  try {
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    const started = performance.now();
    let firstRowsMs = -1;
    let instanceId = '';
    // The table's first page, asked for as soon as the first commit is announced (a window
    // gets the same change event and asks the same question).
    const firstRows = new Promise<void>((resolve) => {
      const off = host.feed.subscribe((change) => {
        if (change.kind !== 'eventsAppended' || change.instanceId !== instanceId) return;
        off();
        void host.service
          .call('queryEvents', { query: { from: { instance: instanceId }, limit: 200 } })
          .then((envelope) => {
            if (envelope.success) firstRowsMs = performance.now() - started;
            resolve();
          });
      });
    });
    const [answer] = await openFiles(host, [localTarget(file)]);
    if (!answer?.job || !answer.instanceId) throw new Error(`not opened: ${answer?.error}`);
    instanceId = answer.instanceId;
    await firstRows;
    const end = await host.jobs.whenDone(answer.job.jobId)!;
    return { firstRowsMs, report: end.result as ImportReport };
  } finally {
    await host.close();
  }
}

/** CPU time (user + system, every thread of the process) since `start`, in microseconds. */
const cpuMicros = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return d.user + d.system;
};

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
