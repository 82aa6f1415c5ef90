import fs from 'node:fs';
import os from 'node:os';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../src-shared/contract/import-spec';
import type { ImportJobSnapshot } from '../../src-shared/contract/jobs';
import { sanitiseFileName } from '../jobs/upload-store';
import { dataset } from '../test-support/datasets';
import { readEventStream } from '../test-support/sse-reader';
import { serveTempDatabase, type TempServe } from '../test-support/temp-serve';

/** The import routes of a real `eventlens serve` process, with a real dataset file. */
let server: TempServe;
beforeAll(async () => {
  server = await serveTempDatabase('imports.db');
});
afterAll(() => server?.close());

type Answer<T> = { success: true; data: T } | { success: false; error: string; code: string };

async function call<T>(
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; answer: Answer<T> }> {
  const res = await fetch(`${server.origin}/api/${route}`, {
    method,
    headers: {
      authorization: `Bearer ${server.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, answer: (await res.json()) as Answer<T> };
}

async function upload(name: string, body: Buffer | fs.ReadStream) {
  // A file is sent as a stream (the way a browser sends a File): nothing holds it whole.
  const init = {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}` },
    body: Buffer.isBuffer(body) ? body : Readable.toWeb(body),
    duplex: 'half',
  };
  const res = await fetch(
    `${server.origin}/api/import/upload?name=${encodeURIComponent(name)}`,
    init as RequestInit,
  );
  return (await res.json()) as Answer<{ ref: string; name: string; bytes: number }>;
}

async function instanceCount(): Promise<number> {
  const { answer } = await call<never>('POST', 'listInstances', { params: {} });
  return (answer as unknown as { data: { instances: unknown[] } }).data.instances.length;
}

async function until(jobId: string): Promise<ImportJobSnapshot> {
  for (;;) {
    const { answer } = await call<ImportJobSnapshot>('GET', `jobs/${jobId}`);
    if (!answer.success) throw new Error(answer.error);
    if (answer.data.state !== 'running') return answer.data;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('import routes', () => {
  it('uploads (streamed), previews, imports, and serves the bad-lines report', async () => {
    const file = dataset('elastic-apache-access', 'apache_logs');
    const up = await upload('../../etc/apache_logs', fs.createReadStream(file));
    expect(up).toMatchObject({
      success: true,
      data: { name: 'apache_logs', bytes: fs.statSync(file).size },
    });
    if (!up.success) return;
    const request = { spec: { instance: 'web' }, files: [up.data.ref] };
    const preview = await call<ImportPreview>('POST', 'import/preview', request);
    expect(preview.answer).toMatchObject({
      success: true,
      data: { format: 'text', preset: 'apache-combined' },
    });
    expect(await instanceCount()).toBe(0); // a preview writes nothing
    const started = await call<ImportJobSnapshot>('POST', 'import/start', request);
    expect(started.answer.success).toBe(true);
    if (!started.answer.success) return;
    const final = await until(started.answer.data.jobId);
    expect(final).toMatchObject({ state: 'done', result: { events: 9_999, bad: 1 } });
    // The metadata names the file as uploaded, never the server's temp path.
    expect(final.result!.badLines[0]).toMatchObject({ file: 'apache_logs', line: 8899 });
    const report = await fetch(`${server.origin}/api/import/report/${final.jobId}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(report.status).toBe(200);
    expect(await report.text()).toMatch(/^apache_logs:8899: /mu);
  });

  it('refuses bad requests clearly and changes nothing', async () => {
    const before = await instanceCount();
    const empty = await upload('empty.ndjson', Buffer.alloc(0));
    expect(empty.success).toBe(true);
    const ref = empty.success ? empty.data.ref : '';
    const unknownRef = '00000000-0000-4000-8000-000000000000';
    const cases: [string, unknown, number, RegExp][] = [
      ['import/start', { spec: { instance: 'x' }, files: [] }, 400, /files: choose at least one/u],
      ['import/start', { spec: { instance: 'x' }, files: ['/etc/passwd'] }, 400, /files\[0\]/u],
      [
        'import/start',
        { spec: { instance: 'x' }, files: [unknownRef] },
        404,
        /add the file again/u,
      ],
      [
        'import/start',
        { spec: { instance: 'x', reportFile: '/tmp/x' }, files: [ref] },
        400,
        /reportFile/u,
      ],
      ['import/preview', { spec: { instance: '' }, files: [ref] }, 400, /spec.instance/u],
      ['import/preview', { spec: { instance: 'x', format: 'xml' }, files: [ref] }, 400, /format/u],
    ];
    for (const [route, body, status, error] of cases) {
      const { status: got, answer } = await call<never>('POST', route, body);
      expect(got, JSON.stringify(body)).toBe(status);
      expect(answer.success ? '' : answer.error, JSON.stringify(body)).toMatch(error);
    }
    const noName = await fetch(`${server.origin}/api/import/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: 'x',
    });
    expect(noName.status).toBe(400);
    const noToken = await fetch(`${server.origin}/api/import/upload?name=a.log`, {
      method: 'POST',
      body: 'x',
    });
    expect(noToken.status).toBe(401);
    expect(await instanceCount()).toBe(before);
  });

  it('shows job snapshots with the file names the user knows, never the server temp paths', async () => {
    const stream = await readEventStream(server.port, server.token);
    const lines = [
      ...Array.from({ length: 50 }, (_, i) => JSON.stringify({ msg: `m${i}` })),
      '{not json',
    ];
    const up = await upload('app.ndjson', Buffer.from(lines.join('\n') + '\n'));
    if (!up.success) throw new Error(up.error);
    const started = await call<ImportJobSnapshot>('POST', 'import/start', {
      spec: { instance: 'paths' },
      files: [up.data.ref],
    });
    if (!started.answer.success) throw new Error(started.answer.error);
    const { jobId } = started.answer.data;
    const final = await until(jobId);
    expect(final).toMatchObject({
      state: 'done',
      progress: { file: 'app.ndjson' },
      result: { bad: 1, reportFile: 'bad-lines.txt', files: [{ file: 'app.ndjson' }] },
    });
    // The records had no stream field: the note about it names the file.
    expect(final.result!.notes.join('\n')).toContain('app.ndjson: 50 records had no stream value');
    const listed = await call<{ jobs: ImportJobSnapshot[] }>('GET', 'jobs');
    const pushed = await stream.until((events) =>
      events.some((e) => e.event === 'job' && e.data.includes('"state":"done"')),
    );
    stream.close();
    const seen = [
      JSON.stringify(final),
      JSON.stringify(listed.answer),
      ...pushed.filter((e) => e.event === 'job').map((e) => e.data),
    ];
    for (const text of seen) {
      expect(text).not.toContain('eventlens-host-');
      expect(text).not.toContain(JSON.stringify(os.tmpdir()).slice(1, -1));
    }
  });

  it('sanitises upload names', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('C:\\logs\\a.log')).toBe('a.log');
    expect(sanitiseFileName('...')).toBe('upload');
    expect(sanitiseFileName('a\u0000b<c>.csv')).toBe('a_b_c_.csv');
    const long = sanitiseFileName(`${'x'.repeat(300)}.json.gz`);
    expect(long).toHaveLength(120);
    expect(long.endsWith('.json.gz')).toBe(true);
  });
});
