import { sourceAddSchema, sourceRefSchema } from '../../src-shared/contract/sources';
import type { SourcesService } from '../jobs/sources-service';
import { jobCall, type IpcTable } from './ipc-table';

const addRequest = { schema: sourceAddSchema };
const sourceRef = { schema: sourceRefSchema };

/**
 * `window.eventlens.sources`: the live sources main follows (a path typed or picked by the
 * user on this machine). Checked here and again by the service; the list is also pushed.
 */
export function sourceCalls(sources: SourcesService): IpcTable['sources'] {
  return {
    list: jobCall(() => ({ success: true, data: { sources: sources.list() } })),
    add: jobCall(addRequest, (_caller, request) => sources.add(request)),
    pause: jobCall(sourceRef, (_caller, ref) => sources.pause(ref)),
    resume: jobCall(sourceRef, (_caller, ref) => sources.resume(ref)),
    remove: jobCall(sourceRef, (_caller, ref) => sources.remove(ref)),
  };
}
