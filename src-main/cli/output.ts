import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Compact JSON for pipes, indented for a person at a terminal (unless told otherwise). */
export function formatJson(value: unknown, pretty: boolean): string {
  return pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}

/** Writes and waits for the stream to drain, so large outputs keep memory flat. */
export async function writeLine(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text + '\n')) await once(stream, 'drain');
}
