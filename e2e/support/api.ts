import type { ServeProcess } from '../../src-main/test-support/serve-process';

/**
 * One operation over the server's HTTP API, as the renderer calls it: the stored truth,
 * independent of the UI. Returns the envelope's data; throws with its error when it failed.
 */
export async function callApi<T>(
  server: ServeProcess,
  operation: string,
  params: unknown,
): Promise<T> {
  const res = await fetch(`${server.origin}/api/${operation}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ params }),
  });
  const envelope = (await res.json()) as { success: boolean; error?: string; data?: T };
  if (!envelope.success) throw new Error(`${operation} failed: ${envelope.error}`);
  return envelope.data!;
}
