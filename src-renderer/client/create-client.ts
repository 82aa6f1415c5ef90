import { bridgeGlobalName, type EventlensBridge } from '../../src-shared/contract/bridge';
import { createBridgeClient } from './bridge-transport';
import type { EventLogClient } from './event-log-client';
import { createHttpClient } from './http-transport';
import { takeLaunchToken } from './launch-token';

export type ClientSetup = { ok: true; client: EventLogClient } | { ok: false; reason: 'no-token' };

/**
 * Picks the transport once, at startup: the preload bridge inside Electron, else HTTP to the
 * server that served this page. Nothing else in the renderer knows which one it got.
 */
export function createClientForThisPage(win: Window = window): ClientSetup {
  const bridge = (win as unknown as Record<string, unknown>)[bridgeGlobalName] as
    EventlensBridge | undefined;
  if (bridge) return { ok: true, client: createBridgeClient(bridge) };
  const token = takeLaunchToken(win);
  if (!token) return { ok: false, reason: 'no-token' };
  return { ok: true, client: createHttpClient({ token }) };
}
