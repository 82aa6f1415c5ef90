import { jobFailure } from '../../src-shared/contract/jobs';
import { openRequestSchema } from '../../src-shared/contract/open-files';
import type { FileResolver } from '../jobs/import-requests';
import { openFiles, type OpenHost, type OpenTarget } from '../jobs/open-files';
import { sendAnswer, type ServerPlugin } from './http-util';

/**
 * Browser mode's "open files straight away": files dropped on the page are uploaded first
 * (POST /api/import/upload), then opened by their refs.
 *   POST /api/open   {files: [ref], into?, continue?} -> OpenedFileAnswer[] (one per file)
 * An upload is known next time by its name ("upload:<name>"): the page never learns a path.
 */
export function openRoutes(host: OpenHost, uploads: FileResolver): ServerPlugin {
  return {
    routes: [
      {
        method: 'POST',
        path: 'open',
        handle: async (_req, res, _m, _url, body) => {
          const input = await body.json(openRequestSchema);
          if (!input.ok) return sendAnswer(res, input.answer);
          const { files, ...options } = input.value;
          const targets: OpenTarget[] = [];
          for (const [i, ref] of files.entries()) {
            const file = uploads.resolve(ref);
            if (!file) {
              return sendAnswer(
                res,
                jobFailure(
                  'NOT_FOUND',
                  `files[${i}]: no file ${JSON.stringify(ref)}: upload it again`,
                ),
              );
            }
            targets.push({ path: file.path, name: file.name, origin: `upload:${file.name}` });
          }
          sendAnswer(res, { success: true, data: await openFiles(host, targets, options) });
        },
      },
    ],
  };
}
