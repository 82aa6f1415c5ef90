import type { ChangeEvent } from '../../src-shared/contract/change-events';
import type { JobSnapshot } from '../../src-shared/contract/jobs';
import type { SourceSnapshot } from '../../src-shared/contract/sources';
import type { EnvelopeFor, OperationName, ParamsOf } from '../../src-shared/contract/operations';
import { clientOver } from './client-base';
import { cancelledFailure, transportFailure, type EventLogClient } from './event-log-client';

export interface HttpClientOptions {
  /** The server's origin; '' for the page's own. */
  baseUrl?: string;
  token: string;
  /** Longest wait between reconnection attempts of the event stream, in ms. */
  maxRetryMs?: number;
  /** Job snapshots (`event: job` on the same stream), for the job client. */
  onJob?: (snapshot: JobSnapshot) => void;
  /** The live sources (`event: sources`), for the sources client. */
  onSources?: (sources: SourceSnapshot[]) => void;
}

function looksLikeEnvelope(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'success' in v && 'type' in v;
}

/**
 * Browser mode: POST /api/<operation> for calls, server-sent events for changes. The token
 * goes in the Authorization header (and, for EventSource, which cannot send headers, in the
 * stream's URL).
 */
export function createHttpClient(options: HttpClientOptions): EventLogClient {
  const base = options.baseUrl ?? '';
  const maxRetryMs = options.maxRetryMs ?? 10_000;

  async function call<Op extends OperationName>(
    op: Op,
    params: ParamsOf<Op>,
    requestId: string,
    signal?: AbortSignal,
  ): Promise<EnvelopeFor<Op>> {
    let response: Response;
    try {
      response = await fetch(`${base}/api/${op}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${options.token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ params, requestId }),
        credentials: 'omit',
        cache: 'no-store',
        // Aborting drops the connection; the server then cancels the query too.
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) return cancelledFailure(op, requestId);
      return transportFailure(
        op,
        'INTERNAL',
        `cannot reach the Eventlens server (is "eventlens serve" still running?): ${(err as Error).message}`,
      );
    }
    // A body that is not JSON (a proxy's error page) is no envelope either.
    const body: unknown = await response.json().catch(() => undefined);
    if (looksLikeEnvelope(body)) return body as EnvelopeFor<Op>;
    return transportFailure(
      op,
      response.status === 401 || response.status === 403 ? 'UNAUTHORIZED' : 'INTERNAL',
      `the server answered HTTP ${response.status} without an envelope`,
    );
  }

  return clientOver({
    kind: 'http',
    initialState: 'connecting',
    call,
    listen(onChange, onState) {
      let source: EventSource | undefined;
      let retryTimer: ReturnType<typeof setTimeout> | undefined;
      let retryMs = 500;
      let stopped = false;

      const connect = () => {
        source = new EventSource(`${base}/api/events?token=${encodeURIComponent(options.token)}`);
        source.addEventListener('ready', () => {
          retryMs = 500;
          onState('live');
        });
        source.addEventListener('change', (e) => {
          onChange(JSON.parse((e as MessageEvent<string>).data) as ChangeEvent);
        });
        source.addEventListener('job', (e) => {
          options.onJob?.(JSON.parse((e as MessageEvent<string>).data) as JobSnapshot);
        });
        source.addEventListener('sources', (e) => {
          options.onSources?.(JSON.parse((e as MessageEvent<string>).data) as SourceSnapshot[]);
        });
        // The server dropped this page for falling behind: events were missed. Reconnect at
        // once; going back to 'live' makes the views reload (connectCacheToChanges) and the
        // job client look its jobs up again.
        source.addEventListener('resync', () => {
          source?.close();
          onState('reconnecting');
          connect();
        });
        source.addEventListener('error', () => {
          if (stopped) return;
          onState('reconnecting');
          // CONNECTING: EventSource retries by itself. CLOSED (e.g. an HTTP error status):
          // it gave up, so we retry, backing off up to maxRetryMs.
          if (source?.readyState === EventSource.CLOSED) {
            source.close();
            retryTimer = setTimeout(connect, retryMs);
            retryMs = Math.min(retryMs * 2, maxRetryMs);
          }
        });
      };
      connect();
      return () => {
        stopped = true;
        clearTimeout(retryTimer);
        source?.close();
      };
    },
  });
}
