import { operationNames, type EventLogApi } from '../../src-shared/contract/operations';

/**
 * The operations over browser mode's HTTP API, as a program (not a page) calls them:
 * POST /api/<operation> with the bearer token. Answers are the server's envelopes, unchanged.
 */
export function httpApi(origin: string, token: string): EventLogApi {
  let n = 0;
  return Object.fromEntries(
    operationNames.map((op) => [
      op,
      async (params: unknown) => {
        const res = await fetch(`${origin}/api/${op}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ params, requestId: `contract-${++n}` }),
        });
        return await res.json();
      },
    ]),
  ) as EventLogApi;
}
