import { DatabaseOpenError } from '../engine/errors';
import { resolveDatabasePath } from '../engine/paths';
import { UsageError, exitCodes } from './command';
import { commands } from './commands';
import { operationHelp, runOperation } from './operation-command';
import { isClosedOutput } from './output';
// The one place the version is written; the bundler inlines just this field.
import { version } from '../../package.json';

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Eventlens — an append-only event log you can query, from the command line.

Usage:
  eventlens <operation> ['<json params>' | - | @file.json] [--db PATH]
  eventlens <command> [options]
  eventlens help [command]

${operationHelp}

Commands:
${list}

Database: --db PATH, else the EVENTLENS_DB environment variable, else the desktop app's file
(here: ${resolveDatabasePath(undefined)}).

Examples:
  eventlens createInstance '{"name":"audit"}'
  eventlens appendEvent '{"instanceId":"audit","streamId":"user-1","eventType":"login"}'
  eventlens queryEvents '{"query":{"from":{"instance":"audit"},"limit":10}}' --db ./audit.db
  eventlens listInstances --compact | jq '.data.instances[].name'`;
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const command = commands.find((c) => c.name === topic);
    console.log(command ? command.help : mainHelp());
    return exitCodes.ok;
  }
  if (first === '--version' || first === '-v') {
    console.log(version);
    return exitCodes.ok;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    const command = commands.find((c) => c.name === first);
    console.log(command ? command.help : mainHelp());
    return exitCodes.ok;
  }
  const command = commands.find((c) => c.name === first);
  return command ? command.run(rest) : runOperation(first, rest);
}

// A closed pipe is noticed where the next write waits (writeLine); without a listener the
// stream's own 'error' event would crash the process with a stack trace instead.
process.stdout.on('error', (err) => {
  if (!isClosedOutput(err)) throw err;
});

/** An error of the operating system about a file (no such folder, permission denied, ...). */
const isSystemError = (err: unknown): err is NodeJS.ErrnoException =>
  err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (
      err instanceof UsageError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`eventlens: ${(err as Error).message}\nRun "eventlens --help" for usage.`);
      process.exitCode = exitCodes.usage;
    } else if (isClosedOutput(err)) {
      // Whoever read our output has what they wanted (`| head`): stop quietly, like any tool.
      process.exitCode = exitCodes.ok;
    } else if (err instanceof DatabaseOpenError || isSystemError(err)) {
      console.error(`eventlens: ${err.message}`);
      process.exitCode = exitCodes.failed;
    } else {
      console.error('eventlens: unexpected error:', err);
      process.exitCode = exitCodes.failed;
    }
  },
);
