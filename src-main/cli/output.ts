import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Compact JSON for pipes, indented for a person at a terminal (unless told otherwise). */
export function formatJson(value: unknown, pretty: boolean): string {
  return pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}

/**
 * The reader of our output went away (`eventlens ... | head`): not a failure of ours. Node
 * ignores SIGPIPE, so where a C tool would die quietly a write fails with EPIPE instead.
 */
export function isClosedOutput(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/** Writes and waits for the stream to drain, so large outputs keep memory flat. */
export async function writeLine(stream: Writable, text: string): Promise<void> {
  // After an EPIPE the stream is destroyed, and a write to it would neither fail nor drain.
  if (stream.destroyed) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
  if (!stream.write(text + '\n')) await once(stream, 'drain');
}
