import { bridgeGlobalName, type EventlensBridge } from '../../src-shared/contract/bridge';
import { createBridgeClient } from './bridge-transport';
import type { EventLogClient } from './event-log-client';
import { createHttpClient } from './http-transport';
import {
  createBridgeJobClient,
  createHttpJobClient,
  HttpApi,
  JobFeed,
  type JobClient,
} from './job-client';
import { takeLaunchToken } from './launch-token';
import { SourcesFeed } from './sources-client';

export type ClientSetup =
  { ok: true; client: EventLogClient; jobs: JobClient } | { ok: false; reason: 'no-token' };

/**
 * Picks the transport once, at startup: the preload bridge inside Electron, else HTTP to the
 * server that served this page. Nothing else in the renderer knows which one it got.
 */
export function createClientForThisPage(win: Window = window): ClientSetup {
  const bridge = (win as unknown as Record<string, unknown>)[bridgeGlobalName] as
    EventlensBridge | undefined;
  if (bridge) {
    return { ok: true, client: createBridgeClient(bridge), jobs: createBridgeJobClient(bridge) };
  }
  const token = takeLaunchToken(win);
  if (!token) return { ok: false, reason: 'no-token' };
  const feed = new JobFeed();
  const sources = new SourcesFeed();
  const client = createHttpClient({ token, onJob: feed.emit, onSources: sources.emit });
  const api = new HttpApi('', token);
  return { ok: true, client, jobs: createHttpJobClient(client, feed, api, sources) };
}
