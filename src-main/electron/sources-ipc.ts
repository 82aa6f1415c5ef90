import path from 'node:path';
import {
  sourceAddSchema,
  sourcePickSchema,
  sourceRefSchema,
} from '../../src-shared/contract/sources';
import type { SourcesService } from '../jobs/sources-service';
import type { Dialogs } from './dialogs';
import { jobCall, type IpcTable } from './ipc-table';

const addRequest = { schema: sourceAddSchema };
const sourceRef = { schema: sourceRefSchema };
const pickKind = { schema: sourcePickSchema, name: 'kind' };

/**
 * `window.eventlens.sources`: the live sources main follows (a path typed or picked by the
 * user on this machine). Checked here and again by the service; the list is also pushed.
 */
export function sourceCalls(sources: SourcesService, dialogs: Dialogs): IpcTable['sources'] {
  return {
    list: jobCall(() => ({ success: true, data: { sources: sources.list() } })),
    add: jobCall(addRequest, (_caller, request) => sources.add(request)),
    pause: jobCall(sourceRef, (_caller, ref) => sources.pause(ref)),
    resume: jobCall(sourceRef, (_caller, ref) => sources.resume(ref)),
    remove: jobCall(sourceRef, (_caller, ref) => sources.remove(ref)),
    // Only a path: following it is a separate `add`, after the user has seen and can edit it
    // (a folder's glob often wants narrowing to `*.log`).
    pick: jobCall(pickKind, async (caller, kind) => {
      const folder = kind === 'folder';
      const chosen = await dialogs.choosePath(caller, {
        title: folder ? 'Follow the files of a folder' : 'Follow a file',
        folder,
      });
      return {
        success: true,
        data: { path: chosen === null || !folder ? chosen : path.join(chosen, '*') },
      };
    }),
  };
}
