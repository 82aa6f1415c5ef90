import path from 'node:path';
import type { ImportSpec } from '../../src-shared/contract/import-spec';
import type { OpenedFileAnswer, OpenRequest } from '../../src-shared/contract/open-files';
import { structuralLimits } from '../../src-shared/contract/limits';
import type { Engine } from '../engine/engine';
import { prepareImport } from '../engine/import/run-import';
import { fingerprintFile } from '../engine/open/file-fingerprint';
import { decideOpen } from '../engine/open/open-decision';
import { OpenedFiles } from '../engine/open/opened-files';
import type { EventLogService } from '../engine/service';
import type { OpenedImport } from '../engine/open/run-opened-import';
import type { JobHost } from './job-host';
import { namesOnly, withNames } from './shown-names';

/** A file to open: where it is, the name the user knows, and where it came from. */
export interface OpenTarget {
  path: string;
  name: string;
  /**
   * What makes it "the same file" next time: its absolute path, or `upload:<name>` for a
   * browser upload (the page never learns a path; each upload is a new copy).
   */
  origin: string;
}

export interface OpenHost {
  engine: Engine;
  service: EventLogService;
  jobs: JobHost;
}

/** A local file opened by path (the CLI, the desktop app): its origin is its absolute path. */
export function localTarget(file: string): OpenTarget {
  const abs = path.resolve(file);
  return { path: abs, name: path.basename(abs), origin: abs };
}

/**
 * Opens each file (see src-shared/contract/open-files.ts): a new import into a new instance
 * named after the file (or into `into`), a reopened instance, a continuation, or an offer to
 * continue. A file that cannot be opened (unreadable, no format fits its first lines) fails on
 * its own, before anything is written for it; the others go on.
 */
export async function openFiles(
  host: OpenHost,
  targets: readonly OpenTarget[],
  options: Omit<OpenRequest, 'files'> = {},
): Promise<OpenedFileAnswer[]> {
  const answers: OpenedFileAnswer[] = [];
  for (const target of targets) {
    try {
      answers.push(await openOne(host, target, options));
    } catch (err) {
      const names = new Map([[target.path, target.name]]);
      answers.push({
        name: target.name,
        outcome: 'failed',
        error: withNames((err as Error).message, names),
      });
    }
  }
  return answers;
}

/** The job importing each origin, per job host: a file is never imported twice at once. */
const importing = new WeakMap<JobHost, Map<string, string>>();

function runningJob(jobs: JobHost, origin: string) {
  const jobId = importing.get(jobs)?.get(origin);
  const job = jobId ? jobs.get(jobId) : undefined;
  return job?.state === 'running' ? job : undefined;
}

function startOpenImport(
  jobs: JobHost,
  target: OpenTarget,
  spec: ImportSpec,
  title: string,
  open: OpenedImport,
) {
  const job = jobs.startImport(
    spec,
    [target.path],
    `${title} ${target.name}`,
    namesOnly(new Map([[target.path, target.name]])),
    open,
  );
  if (!importing.has(jobs)) importing.set(jobs, new Map());
  importing.get(jobs)!.set(target.origin, job.jobId);
  return job;
}

async function openOne(
  host: OpenHost,
  target: OpenTarget,
  options: Omit<OpenRequest, 'files'>,
): Promise<OpenedFileAnswer> {
  const { engine } = host;
  const store = new OpenedFiles(engine.db);
  // Opened again while its import runs (a second drop): show it; the running job goes on.
  const running = runningJob(host.jobs, target.origin);
  const current = store.get(target.origin);
  if (running && current) {
    const row = instanceOf(engine, current.ino);
    if (row)
      return {
        name: target.name,
        outcome: 'reopened',
        instanceId: row.id,
        instanceName: row.name,
        job: running,
      };
  }
  const seen = fingerprintFile(target.path);
  const opened = store.get(target.origin);
  const instance = opened ? instanceOf(engine, opened.ino) : undefined;
  const into = options.into !== undefined ? engine.instances.require(options.into) : undefined;
  // Dropped onto another instance than the one it went into before: a new import there.
  const record = into && instance && into.id !== instance.id ? undefined : opened;
  const compared =
    record && record.fpLen !== seen.fpLen && seen.size >= record.fpLen
      ? fingerprintFile(target.path, record.fpLen)
      : seen;
  const decision = decideOpen(record, compared, instance !== undefined);
  const base = { name: target.name };

  if (decision.kind === 'reopen' || (decision.kind === 'continue' && options.continue === false)) {
    return { ...base, outcome: 'reopened', instanceId: instance!.id, instanceName: instance!.name };
  }
  if (decision.kind === 'continue') {
    const offer = {
      why: decision.why,
      fromLine: decision.fromLine,
      bytesBefore: decision.opened.size,
      bytesNow: seen.size,
    };
    if (options.continue !== true) {
      return {
        ...base,
        outcome: 'offer',
        instanceId: instance!.id,
        instanceName: instance!.name,
        offer,
      };
    }
    store.grow(target.origin, seen);
    const job = startOpenImport(
      host.jobs,
      target,
      { ...decision.opened.spec, instance: instance!.id },
      'Continue',
      { origin: target.origin, resume: { lines: decision.fromLine } },
    );
    return {
      ...base,
      outcome: 'continued',
      instanceId: instance!.id,
      instanceName: instance!.name,
      job,
      offer,
    };
  }

  // A new import: detect the format as the import dialog does, before anything is written.
  const { resolved } = await prepareImport({ instance: target.name }, [target.path]);
  const spec: ImportSpec = { ...resolved[0]!.spec };
  const row = into ?? (await createInstance(host, freeName(engine, target.name)));
  store.put({ origin: target.origin, ino: row.ino, ...seen, spec });
  const job = startOpenImport(host.jobs, target, { ...spec, instance: row.id }, 'Open', {
    origin: target.origin,
  });
  return { ...base, outcome: 'imported', instanceId: row.id, instanceName: row.name, job };
}

function instanceOf(engine: Engine, ino: number) {
  return engine.instances.list().find((i) => i.ino === ino);
}

/** Through the service, so every window hears of the new instance at once. */
async function createInstance(host: OpenHost, name: string) {
  const envelope = await host.service.call('createInstance', { name });
  if (!envelope.success) throw new Error(`cannot create the instance "${name}": ${envelope.error}`);
  return host.engine.instances.require(name);
}

/** The file's name as an instance name, numbered when taken: `app.log`, `app.log (2)`, … */
export function freeName(engine: Engine, fileName: string): string {
  const max = structuralLimits.maxNameLength - 8;
  const base = fileName.length > max ? fileName.slice(0, max) : fileName;
  if (!engine.instances.find(base)) return base;
  for (let n = 2; ; n++) {
    const name = `${base} (${n})`;
    if (!engine.instances.find(name)) return name;
  }
}
