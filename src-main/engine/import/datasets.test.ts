import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSpec } from '../../../src-shared/contract/import-spec';
import type { EventRecord } from '../../../src-shared/contract/records';
import { dataset } from '../../test-support/datasets';
import { openTempService } from '../../test-support/temp-db';
import { runImport } from './run-import';

/**
 * Every source in the shared datasets imports with its preset, and the counts are the ones
 * each SOURCE.txt states. docs/importing.md gives the same commands for the CLI.
 */
let ctx: ReturnType<typeof openTempService>;
beforeAll(() => {
  ctx = openTempService();
});
afterAll(() => ctx.close());

async function load(files: string[], spec: Omit<ImportSpec, 'instance'> & { instance: string }) {
  const report = await runImport(ctx.engine, spec, files);
  expect(report.status).toBe('completed');
  return report;
}

function typeCounts(instance: string): Record<string, number> {
  return Object.fromEntries(
    ctx.engine.stats(instance).eventTypes.map((t) => [t.eventType, t.count]),
  );
}

const streamSize = (instance: string, stream: string) =>
  ctx.engine.query({ from: { instance, stream }, limit: 0 }).total;

function eventsInOrder(instance: string): EventRecord[] {
  return [...ctx.engine.iterateEvents({ from: { instance } })].flat() as EventRecord[];
}

describe('GH Archive', () => {
  it('imports 800 events of 15 types, PushEvent 425, one stream per repo', async () => {
    const report = await load([dataset('gharchive', '2021-07-21-few-hours.json')], {
      instance: 'gharchive-2021-07-21',
    });
    expect(report).toMatchObject({ preset: 'gharchive', events: 800, bad: 0 });
    const stats = ctx.engine.stats('gharchive-2021-07-21');
    expect(stats.eventCount).toBe(800);
    expect(stats.streamCount).toBe(623);
    expect(typeCounts('gharchive-2021-07-21')).toEqual({
      PushEvent: 425,
      CreateEvent: 103,
      PullRequestEvent: 64,
      WatchEvent: 58,
      IssueCommentEvent: 36,
      PullRequestReviewEvent: 28,
      DeleteEvent: 23,
      IssuesEvent: 21,
      ForkEvent: 19,
      PullRequestReviewCommentEvent: 10,
      MemberEvent: 4,
      ReleaseEvent: 3,
      PublicEvent: 2,
      CommitCommentEvent: 2,
      GollumEvent: 2,
    });
    expect(streamSize('gharchive-2021-07-21', 'vpnsuperapp/fast')).toBe(16);
    const first = eventsInOrder('gharchive-2021-07-21')[0]!;
    expect(first.metadata).toMatchObject({ source: { line: 1 }, public: true });
    expect(Object.keys(first.metadata)).toEqual(expect.arrayContaining(['id', 'actor']));
    expect(first.timestamp).toBe('2021-07-21T06:00:00.000Z');
  });
});

describe('Elastic Apache access log', () => {
  it('imports 9,999 lines and reports line 8899, the malformed one', async () => {
    const report = await load([dataset('elastic-apache-access', 'apache_logs')], {
      instance: 'semicomplete.com-access',
    });
    expect(report).toMatchObject({
      preset: 'apache-combined',
      lines: 10_000,
      events: 9_999,
      bad: 1,
    });
    expect(report.badLines.map((b) => [b.file, b.line])).toEqual([['apache_logs', 8899]]);
    expect(report.badLines[0]!.reason).toMatch(/does not match the apache-combined pattern/u);
    expect(ctx.engine.stats('semicomplete.com-access').streamCount).toBe(1_753);
    expect(streamSize('semicomplete.com-access', '66.249.73.135')).toBe(482);
    const byStatus: Record<string, number> = {};
    const byMethod: Record<string, number> = {};
    for (const [type, n] of Object.entries(typeCounts('semicomplete.com-access'))) {
      const [method, status] = type.split(' ');
      byStatus[status!] = (byStatus[status!] ?? 0) + n;
      byMethod[method!] = (byMethod[method!] ?? 0) + n;
    }
    expect(byStatus).toEqual({
      200: 9125,
      304: 445,
      404: 213,
      301: 164,
      206: 45,
      500: 3,
      403: 2,
      416: 2,
    });
    expect(byMethod).toEqual({ GET: 9951, HEAD: 42, POST: 5, OPTIONS: 1 });
    const events = eventsInOrder('semicomplete.com-access');
    expect(events[0]!.timestamp).toBe('2015-05-17T10:05:03.000Z');
    expect(events.at(-1)!.timestamp).toBe('2015-05-20T21:05:15.000Z');
    expect(events[0]!.payload).toMatchObject({ status: 200, bytes: 203023, protocol: 'HTTP/1.1' });
  });
});

describe('Loghub', () => {
  const systems = {
    HDFS: { templates: 14 },
    BGL: { templates: 120, streams: 1_778 },
    OpenSSH: { templates: 27, streams: 519 },
    OpenStack: { templates: 43, streams: 23 },
    Apache: { templates: 6, streams: 1 },
    Windows: { templates: 50, streams: 2 },
  } as const;

  for (const [system, expected] of Object.entries(systems)) {
    it(`${system}: 2,000 events from the structured CSV and from the raw log`, async () => {
      const year = system === 'OpenSSH' ? { mapping: { time: { year: 2017 } } } : {};
      const csv = await load([dataset('loghub', system, `${system}_2k.log_structured.csv`)], {
        instance: system,
        ...year,
      });
      expect(csv).toMatchObject({
        preset: `loghub-${system.toLowerCase()}`,
        events: 2_000,
        bad: 0,
      });
      expect(Object.keys(typeCounts(system))).toHaveLength(expected.templates);
      const raw = await load([dataset('loghub', system, `${system}_2k.log`)], {
        instance: `${system}-raw`,
        ...year,
        ...(system === 'OpenSSH'
          ? { mapping: { time: { year: 2017 }, stream: { field: 'pid' } } }
          : {}),
      });
      // The final line has no newline: still 2,000 lines, all imported.
      expect(raw).toMatchObject({ lines: 2_000, events: 2_000, bad: 0 });
      const csvStats = ctx.engine.stats(system);
      const rawStats = ctx.engine.stats(`${system}-raw`);
      expect(rawStats.firstEventAt).toBe(csvStats.firstEventAt);
      expect(rawStats.lastEventAt).toBe(csvStats.lastEventAt);
      expect(rawStats.streamCount).toBe(csvStats.streamCount);
      if ('streams' in expected) expect(csvStats.streamCount).toBe(expected.streams);
    });
  }

  it('reads the year-less OpenSSH times with the given year, and BGL alert labels', () => {
    const ssh = ctx.engine.stats('OpenSSH');
    expect([ssh.firstEventAt, ssh.lastEventAt]).toEqual([
      '2017-12-10T06:55:46.000Z',
      '2017-12-10T11:04:45.000Z',
    ]);
    const normal = ctx.engine.query({
      from: { instance: 'BGL' },
      where: [{ field: 'metadata.Label', operator: 'eq', value: '-' }],
      limit: 0,
    }).total;
    expect(2_000 - normal).toBe(143);
    expect(streamSize('OpenStack', 'no-instance')).toBeGreaterThan(0);
  });
});

describe('OTRF Security-Datasets', () => {
  it('Windows event log: 1,182 events from 3 hosts, channel:EventID types, exact 64-bit Keywords', async () => {
    await load(
      [
        dataset(
          'otrf-security-datasets',
          'windows',
          'empire_powerdump_sam_access_2020-09-22042230.json',
        ),
      ],
      {
        instance: 'SDWIN-200922042230',
      },
    );
    const id = 'SDWIN-200922042230';
    expect(ctx.engine.stats(id)).toMatchObject({
      eventCount: 1_182,
      streamCount: 3,
      firstEventAt: '2020-09-22T08:22:31.162Z',
    });
    expect(streamSize(id, 'WORKSTATION5.theshire.local')).toBe(917);
    expect(streamSize(id, 'MORDORDC.theshire.local')).toBe(181);
    expect(streamSize(id, 'WORKSTATION6.theshire.local')).toBe(84);
    const byChannel: Record<string, number> = {};
    for (const [type, n] of Object.entries(typeCounts(id))) {
      const channel = type.slice(0, type.lastIndexOf(':'));
      byChannel[channel] = (byChannel[channel] ?? 0) + n;
    }
    expect(byChannel).toEqual({
      'Microsoft-Windows-Sysmon/Operational': 482,
      security: 257,
      Security: 181,
      'Windows PowerShell': 144,
      'Microsoft-Windows-PowerShell/Operational': 118,
    });
    expect(eventsInOrder(id)[0]!.payload.Keywords).toBe('-9223372036854775808');
  });

  it('CloudTrail: 103 events, 26 API calls, 3 principals', async () => {
    await load(
      [dataset('otrf-security-datasets', 'aws', 'ec2_proxy_s3_exfiltration_2020-09-14011940.json')],
      {
        instance: 'SDAWS-200914011940',
      },
    );
    const stats = ctx.engine.stats('SDAWS-200914011940');
    expect(stats).toMatchObject({ eventCount: 103, streamCount: 3 });
    expect(stats.firstEventAt).toMatch(/^2020-09-14T00:44/u);
    expect(stats.lastEventAt).toMatch(/^2020-09-14T01:13/u);
    expect(stats.eventTypes).toHaveLength(26);
    expect(streamSize('SDAWS-200914011940', 'arn:aws:iam::123456789123:user/pedro')).toBe(87);
  });

  it('S3 honeybucket CSV: 301 events, 224 source IPs, Python-literal cells as objects', async () => {
    await load([dataset('otrf-security-datasets', 'aws', 'AWS_S3_HoneyBucketLogs.csv')], {
      instance: 'SDAWS-2202181000',
    });
    expect(typeCounts('SDAWS-2202181000')).toEqual({
      HeadBucket: 159,
      ListObjects: 138,
      PutObject: 4,
    });
    const stats = ctx.engine.stats('SDAWS-2202181000');
    expect(stats).toMatchObject({ eventCount: 301, streamCount: 224 });
    expect(stats.firstEventAt).toMatch(/^2020-02-11/u);
    expect(stats.lastEventAt).toMatch(/^2022-02-18/u);
    expect(eventsInOrder('SDAWS-2202181000')[0]!.payload['User ID']).toEqual({
      type: 'AWSAccount',
      principalId: '',
      accountId: 'ANONYMOUS_PRINCIPAL',
    });
  });
});

describe('Zeek (WRCCDC 2018)', () => {
  const small = {
    rdp: 4_122,
    smtp: 1_188,
    ntp: 904,
    x509: 348,
    ntlm: 422,
    notice: 207,
    software: 376,
    smb_mapping: 393,
    ftp: 93,
    dce_rpc: 78,
    dpd: 77,
    ssh: 22,
    kerberos: 11,
  };

  it('imports every small log, and weird.json.gz, with one type per log', async () => {
    const files = [
      ...Object.keys(small).map((n) => dataset('zeek-wrccdc', `${n}.json`)),
      dataset('zeek-wrccdc', 'weird.json.gz'),
    ];
    const report = await load(files, { instance: 'wrccdc-2018-03-24' });
    expect(report.bad).toBe(0);
    expect(report.files.at(-1)).toMatchObject({ gzip: true, events: 24_202 });
    expect(typeCounts('wrccdc-2018-03-24')).toEqual({ ...small, weird: 24_202 });
    const stats = ctx.engine.stats('wrccdc-2018-03-24');
    expect(stats.firstEventAt).toMatch(/^2018-03-24T17:(1[5-9]|2\d|3[0-6])/u);
    expect(stats.lastEventAt).toMatch(/^2018-03-24T17:(1[5-9]|2\d|3[0-6])/u);
    // Out of order in the files, in file order in the streams: a note says so.
    expect(
      report.notes.some((n) => n.includes('rdp.json') && n.includes('older than one before')),
    ).toBe(true);
    const ssh = eventsInOrder('wrccdc-2018-03-24').find((e) => e.event_type === 'ssh')!;
    expect(ssh.metadata['id.resp_p']).toBe(22);
    expect(ssh.metadata.ts).toMatch(/\.\d{6}Z$/u);
    expect(ssh.payload).not.toHaveProperty('id.orig_h');
  });

  it('reads the big dns and ssl logs to the last record (dry run: counted, not stored)', async () => {
    const dns = await load([dataset('zeek-wrccdc', 'dns.json.gz')], {
      instance: 'dry',
      dryRun: true,
    });
    expect(dns).toMatchObject({ events: 53_615, bad: 0, instance: null });
    const ssl = await load([dataset('zeek-wrccdc', 'ssl.json.gz')], {
      instance: 'dry',
      dryRun: true,
    });
    expect(ssl).toMatchObject({ events: 49_474, bad: 0 });
    // 135,532 records in all, as SOURCE.txt says.
    const smallTotal = Object.values(small).reduce((a, b) => a + b, 0);
    expect(smallTotal + 24_202 + dns.events + ssl.events).toBe(135_532);
    expect(ctx.engine.instances.find('dry')).toBeUndefined();
  });
});
