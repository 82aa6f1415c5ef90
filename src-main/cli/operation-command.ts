import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { isOperationName, operationNames } from '../../src-shared/contract/operations';
import { EventLogService } from '../engine/service';
import { UsageError, exitCodes } from './command';
import { dbOption, openEngine } from './open-engine';
import { formatJson, writeLine } from './output';

async function readParams(source: string | undefined): Promise<unknown> {
  if (source === undefined) return {};
  let text = source;
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else if (source.startsWith('@')) {
    try {
      text = fs.readFileSync(source.slice(1), 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read params file ${source.slice(1)}: ${(err as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`params are not valid JSON: ${(err as Error).message}`);
  }
}

/** `eventlens <operation> '<json params>'`: runs one of the nine operations, prints the envelope. */
export async function runOperation(operation: string, argv: string[]): Promise<number> {
  if (!isOperationName(operation)) {
    throw new UsageError(
      `unknown command "${operation}". Operations: ${operationNames.join(', ')}`,
    );
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...dbOption,
      pretty: { type: 'boolean' },
      compact: { type: 'boolean' },
      'request-id': { type: 'string' },
    },
  });
  if (positionals.length > 1) {
    throw new UsageError(
      `expected one JSON argument with the parameters, got ${positionals.length}`,
    );
  }
  const params = await readParams(positionals[0]);
  const engine = openEngine(values.db);
  try {
    const envelope = await new EventLogService(engine).call(
      operation,
      params,
      values['request-id'],
    );
    const pretty = values.compact ? false : (values.pretty ?? process.stdout.isTTY === true);
    await writeLine(process.stdout, formatJson(envelope, pretty));
    return envelope.success ? exitCodes.ok : exitCodes.failed;
  } finally {
    engine.close();
  }
}

export const operationHelp = `Operations (each prints one envelope as JSON):
  createInstance    '{"name":"audit","description":"..."}'
  getInstance       '{"instanceId":"audit"}'
  listInstances
  updateInstance    '{"instanceId":"audit","name":"audit-2024"}'
  deleteInstance    '{"instanceId":"audit"}'
  appendEvent       '{"instanceId":"audit","streamId":"user-1","eventType":"login","payload":{"ip":"10.0.0.1"}}'
  appendEvents      '{"instanceId":"audit","events":[{"streamId":"user-1","eventType":"logout"}]}'
  queryEvents       '{"query":{"from":{"instance":"audit"},"where":[{"field":"event_type","operator":"eq","value":"login"}]}}'
  getInstanceStats  '{"instanceId":"audit"}'

  The JSON argument may also be "-" (read it from stdin) or "@file.json".
  Options: --db PATH, --pretty / --compact (default: pretty at a terminal), --request-id ID.
  Exit code: 0 success, 1 the operation failed (see "code" and "error"), 2 usage error.`;
