import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { failureEnvelope, type FailureEnvelope } from '../../src-shared/contract/envelope';
import { EventLogService } from '../engine/service';
import type { Command } from './command';
import { dbOption, openEngine } from './open-engine';
import { writeLine } from './output';

interface RpcRequest {
  type?: unknown;
  requestId?: unknown;
  params?: unknown;
}

function badLine(lineNo: number, error: string, requestId = ''): FailureEnvelope<'unknown'> {
  return failureEnvelope('unknown', 'VALIDATION_ERROR', `line ${lineNo}: ${error}`, { requestId });
}

/**
 * NDJSON in, NDJSON out: one request per line, one envelope per line, in order. A bad line
 * gets a failed envelope and the stream goes on.
 */
export const rpcCommand: Command = {
  name: 'rpc',
  summary: 'serve the nine operations as NDJSON over stdin/stdout',
  help: `Usage: eventlens rpc [--db PATH]

Reads one request per line from stdin and writes one envelope per line to stdout, in order:
  {"type":"eventLog.createInstance","requestId":"r1","params":{"name":"audit"}}
  {"type":"eventLog.appendEvent","requestId":"r2","params":{"instanceId":"audit","streamId":"u1","eventType":"login"}}

A line that is not valid JSON, or not a request object, gets a failed envelope
(code VALIDATION_ERROR) and the process goes on. It ends at the end of stdin, with exit code 0.

Example:
  printf '%s\\n' '{"type":"eventLog.listInstances","requestId":"1","params":{}}' | eventlens rpc`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { ...dbOption } });
    const engine = openEngine(values.db);
    const service = new EventLogService(engine);
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    let lineNo = 0;
    try {
      for await (const line of lines) {
        lineNo += 1;
        if (line.trim() === '') continue;
        let request: RpcRequest;
        try {
          request = JSON.parse(line) as RpcRequest;
        } catch (err) {
          await writeLine(
            process.stdout,
            JSON.stringify(badLine(lineNo, `not valid JSON (${(err as Error).message})`)),
          );
          continue;
        }
        if (typeof request !== 'object' || request === null || Array.isArray(request)) {
          await writeLine(
            process.stdout,
            JSON.stringify(
              badLine(lineNo, 'a request must be a JSON object {type, requestId, params}'),
            ),
          );
          continue;
        }
        const rid = request.requestId;
        const requestId =
          typeof rid === 'string' ? rid : typeof rid === 'number' ? String(rid) : undefined;
        const envelope = await service.call(request.type, request.params, requestId);
        await writeLine(process.stdout, JSON.stringify(envelope));
      }
    } finally {
      engine.close();
    }
    return 0;
  },
};
