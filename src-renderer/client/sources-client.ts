import type { SourcesBridge } from '../../src-shared/contract/bridge';
import type { SourceSnapshot, SourcesListener } from '../../src-shared/contract/sources';
import type { EventLogClient } from './event-log-client';
import { failed, type HttpApi } from './job-client';

export type { SourceSnapshot };

/**
 * The renderer's side of live sources (files the host follows into instances as they grow):
 * the list, pushed whenever a source changes, and the calls that steer them. Every call
 * answers a JobAnswer, over IPC as over HTTP.
 */
export interface SourcesClient extends SourcesBridge {
  /** Desktop: main's open dialog picks the path. Browser mode has none (the path is typed). */
  readonly nativePicker: boolean;
  /** The whole list whenever a source changes; returns the unsubscribe function. */
  subscribe(listener: SourcesListener): () => void;
}

/** A listener set the HTTP transport feeds (the event stream's `sources` events). */
export class SourcesFeed {
  private readonly listeners = new Set<SourcesListener>();
  readonly emit = (sources: SourceSnapshot[]): void => {
    for (const l of this.listeners) l(sources);
  };
  add(listener: SourcesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function createHttpSourcesClient(
  client: EventLogClient,
  feed: SourcesFeed,
  api: HttpApi,
): SourcesClient {
  const list = () => api.request<{ sources: SourceSnapshot[] }>('GET', 'sources');
  return {
    nativePicker: false,
    list,
    pick: () => Promise.resolve(failed('VALIDATION_ERROR', 'no native picker in browser mode')),
    add: (request) => api.request<SourceSnapshot>('POST', 'sources/add', request),
    pause: (ref) => api.request<SourceSnapshot>('POST', 'sources/pause', ref),
    resume: (ref) => api.request<SourceSnapshot>('POST', 'sources/resume', ref),
    remove: (ref) => api.request<{ removed: SourceSnapshot }>('POST', 'sources/remove', ref),
    subscribe(listener) {
      const off = feed.add(listener);
      // The list rides the change stream: keep it open while anyone listens, and look the
      // list up again when it comes back (pushes sent while it was down are lost).
      const keepOpen = client.subscribe(() => {});
      const offState = client.onConnectionState((state) => {
        if (state !== 'live') return;
        void list().then((answer) => answer.success && listener(answer.data.sources));
      });
      return () => {
        off();
        keepOpen();
        offState();
      };
    },
  };
}

export function createBridgeSourcesClient(
  bridge: SourcesBridge,
  onSources: (listener: SourcesListener) => () => void,
): SourcesClient {
  return {
    nativePicker: true,
    pick: (kind) => bridge.pick(kind),
    list: () => bridge.list(),
    add: (request) => bridge.add(request),
    pause: (ref) => bridge.pause(ref),
    resume: (ref) => bridge.resume(ref),
    remove: (ref) => bridge.remove(ref),
    subscribe: onSources,
  };
}
