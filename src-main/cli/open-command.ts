import { parseArgs } from 'node:util';
import type { OpenedFileAnswer } from '../../src-shared/contract/open-files';
import { encodeViewLink } from '../../src-shared/contract/view-link';
import type { JobHost } from '../jobs/job-host';
import { localTarget, openFiles } from '../jobs/open-files';
import type { ImportReport } from '../../src-shared/contract/import-spec';
import { UsageError, exitCodes, type Command } from './command';
import { runBrowserMode, serveOptions } from './serve-command';

export const openCommand: Command = {
  name: 'open',
  summary: 'open log files straight away: import each into its own instance and browse it',
  help: `Usage: eventlens open FILE... [--no-continue] [--db PATH] [--port N] [--open]

Imports each file into a new instance named after it (the format is detected as the import
dialog detects it: NDJSON, JSON, CSV, Apache/Nginx, syslog, ...) and serves browser mode (as
"eventlens serve") showing the first file's instance as soon as its first batch is committed,
while the rest streams in; the import's progress is in the status bar, with Cancel.

A file opened before (the same path, size and first bytes) reopens its instance without
importing it again. A file that starts the same and has grown since, or whose import stopped
early (cancelled, the server stopped), is continued from where it stopped: only the lines
after it are imported, into the same instance. --no-continue shows what was imported instead.
A file that starts differently (rewritten, truncated) is imported anew into a new instance.

Options:
  --no-continue  for a file that grew: open its instance as it is, import nothing
  --db PATH      the database (default: $EVENTLENS_DB, else the desktop app's file)
  --port N       the port (default 0: any free port)
  --host H       127.0.0.1 or localhost; any other address is refused
  --open         open the address in the system browser`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...serveOptions, 'no-continue': { type: 'boolean' } },
    });
    if (positionals.length === 0) {
      throw new UsageError('name at least one file to open (eventlens open FILE...)');
    }
    const targets = positionals.map(localTarget);
    let failed = false;
    const code = await runBrowserMode(values, async (host) => {
      const answers = await openFiles(host, targets, { continue: values['no-continue'] !== true });
      for (const answer of answers) {
        console.log(describe(answer));
        if (answer.outcome === 'failed') failed = true;
        if (answer.job) reportWhenDone(host.jobs, answer);
      }
      const shown = answers.find((a) => a.instanceId !== undefined);
      return shown ? `#${encodeViewLink({ instance: shown.instanceId! })}` : '';
    });
    return code === exitCodes.ok && failed ? exitCodes.failed : code;
  },
};

function describe(a: OpenedFileAnswer): string {
  const into = `"${a.instanceName}"`;
  switch (a.outcome) {
    case 'imported':
      return `${a.name}: importing into ${into}`;
    case 'continued': {
      const grew = a.offer?.why === 'grown';
      return (
        `${a.name}: ${grew ? 'has grown since it was opened' : 'its import stopped early'}; ` +
        `continuing after line ${a.offer!.fromLine.toLocaleString('en')} into ${into} ` +
        '(--no-continue opens what was imported)'
      );
    }
    case 'reopened':
      return `${a.name}: opened before; reopening ${into} (nothing to import)`;
    case 'offer':
      return `${a.name}: has grown since it was opened; reopening ${into} as it was`;
    case 'failed':
      return `eventlens: ${a.name}: ${a.error}`;
  }
}

/** One line on stdout when an import ends: how many events, how fast. */
function reportWhenDone(jobs: JobHost, answer: OpenedFileAnswer): void {
  void jobs.whenDone(answer.job!.jobId)?.then((end) => {
    const r = end.result as ImportReport | undefined;
    const what = r
      ? `${r.events.toLocaleString('en')} events in ${(r.elapsedMs / 1000).toFixed(1)} s ` +
        `(${r.eventsPerSecond.toLocaleString('en')}/s)${r.bad > 0 ? `, ${r.bad} bad lines` : ''}`
      : (end.error ?? '');
    console.log(`${answer.name}: ${end.state === 'done' ? 'imported' : end.state}: ${what}`);
  });
}
