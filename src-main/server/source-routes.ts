import type { z } from 'zod';
import { sourceAddSchema, sourceRefSchema } from '../../src-shared/contract/sources';
import type { JobAnswer } from '../../src-shared/contract/jobs';
import type { SourcesService } from '../jobs/sources-service';
import { sendAnswer, type ServerPlugin, type ApiRoute } from './http-util';

/**
 * Browser mode's live-source routes. The server listens on loopback for the local user, so a
 * path is a path on this machine (the service checks it exists and can be read). Every page
 * gets the list on the event stream (`event: sources`) whenever a source changes.
 *   GET  /api/sources          -> {sources}
 *   POST /api/sources/add      {path, instance, preset?} -> SourceSnapshot
 *   POST /api/sources/pause    {sourceId} -> SourceSnapshot
 *   POST /api/sources/resume   {sourceId} -> SourceSnapshot
 *   POST /api/sources/remove   {sourceId} -> {removed} (its events stay in the instance)
 */
export function sourceRoutes(sources: SourcesService): ServerPlugin {
  const post = <S extends z.ZodType>(
    path: string,
    schema: S,
    run: (input: z.output<S>) => Promise<JobAnswer<unknown>>,
  ): ApiRoute => ({
    method: 'POST',
    path,
    handle: async (_req, res, _m, _url, body) => {
      const input = await body.json(schema);
      if (!input.ok) return sendAnswer(res, input.answer);
      sendAnswer(res, await run(input.value));
    },
  });
  return {
    attach: (hub) => sources.subscribe((list) => hub.sendEvent('sources', list)),
    routes: [
      {
        method: 'GET',
        path: 'sources',
        handle: (_req, res) =>
          sendAnswer(res, { success: true, data: { sources: sources.list() } }),
      },
      post('sources/add', sourceAddSchema, (input) => sources.add(input)),
      post('sources/pause', sourceRefSchema, (input) => sources.pause(input)),
      post('sources/resume', sourceRefSchema, (input) => sources.resume(input)),
      post('sources/remove', sourceRefSchema, (input) => sources.remove(input)),
    ],
  };
}
