import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataset } from '../../test-support/datasets';
import { tempDir } from '../../test-support/temp-db';
import { detectFormat, detectPreset } from './detect';
import { previewImport } from './preview';
import { readHead } from './source';

let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(() => tmp?.cleanup());

describe('detection', () => {
  const cases: [string[], string, string | null][] = [
    [['gharchive', '2021-07-21-few-hours.json'], 'ndjson', 'gharchive'],
    [['elastic-apache-access', 'apache_logs'], 'text', 'apache-combined'],
    [['zeek-wrccdc', 'dns.json.gz'], 'ndjson', 'zeek'],
    [
      ['otrf-security-datasets', 'windows', 'empire_powerdump_sam_access_2020-09-22042230.json'],
      'ndjson',
      'windows-nxlog',
    ],
    [
      ['otrf-security-datasets', 'aws', 'ec2_proxy_s3_exfiltration_2020-09-14011940.json'],
      'ndjson',
      'cloudtrail',
    ],
    [['otrf-security-datasets', 'aws', 'AWS_S3_HoneyBucketLogs.csv'], 'csv', 's3-honeybucket'],
    [['loghub', 'OpenSSH', 'OpenSSH_2k.log'], 'text', 'syslog-rfc3164'],
    [['loghub', 'Apache', 'Apache_2k.log'], 'text', 'apache-error'],
    [['loghub', 'HDFS', 'HDFS_2k.log'], 'text', 'hdfs-log'],
    [['loghub', 'BGL', 'BGL_2k.log'], 'text', 'bgl-log'],
    [['loghub', 'OpenStack', 'OpenStack_2k.log'], 'text', 'openstack-log'],
    [['loghub', 'Windows', 'Windows_2k.log'], 'text', 'windows-cbs-log'],
    ...['HDFS', 'BGL', 'OpenSSH', 'OpenStack', 'Apache', 'Windows'].map(
      (s): [string[], string, string] => [
        ['loghub', s, `${s}_2k.log_structured.csv`],
        'csv',
        `loghub-${s.toLowerCase()}`,
      ],
    ),
    [['loghub', 'HDFS', 'HDFS_2k.log_templates.csv'], 'csv', null],
  ];
  it.each(cases)('%j is %s, preset %s', async (parts, format, preset) => {
    const file = dataset(...parts);
    const head = await readHead(file);
    const detected = detectFormat(file, head);
    expect(detected).toBe(format);
    expect(detectPreset(detected, head)?.name ?? null).toBe(preset);
  });

  // JSON documents, NDJSON, CSV and unknown text told apart.
  it.each([
    ['x.json', '[\n {"a": 1}\n]', 'json'],
    ['x.json', '{\n "Records": []\n}', 'json'],
    ['x.json', '{"a": 1}\n{"a": 2}\n', 'ndjson'],
    ['x.txt', 'a,b,c\n1,2,3\n4,5,6\n', 'csv'],
    ['x.txt', 'hello world\nsomething else\n', 'text'],
    ['x.jsonl.gz', 'whatever', 'ndjson'],
  ])('%s starting %j is %s', (file, head, format) => {
    expect(detectFormat(file, head)).toBe(format);
  });
});

describe('previewImport', () => {
  it('shows the first events, the fields with time formats, and writes nothing', async () => {
    const file = dataset('gharchive', '2021-07-21-few-hours.json');
    const preview = await previewImport({ instance: 'gh' }, [file], 3);
    expect(preview).toMatchObject({ format: 'ndjson', preset: 'gharchive', gzip: false });
    const firstLines = fs
      .readFileSync(file, 'utf8')
      .split('\n', 3)
      .map((l) => JSON.parse(l) as { type: string; created_at: string; repo: { name: string } });
    expect(preview.events.map((e) => [e.line, e.stream_id, e.event_type, e.timestamp])).toEqual(
      firstLines.map((r, i) => [i + 1, r.repo.name, r.type, new Date(r.created_at).toISOString()]),
    );
    const created = preview.fields.find((f) => f.path === 'created_at')!;
    expect(created).toMatchObject({ types: ['string'], timeFormat: 'iso', count: 200 });
    expect(preview.fields.find((f) => f.path === 'repo.name')).toMatchObject({ types: ['string'] });
    expect(preview.fields.find((f) => f.path === 'type')!.examples).toHaveLength(3);
    expect(preview.spec).toMatchObject({
      preset: 'gharchive',
      format: 'ndjson',
      mapping: { type: { field: 'type' } },
    });
  });

  it('suggests a mapping for records no preset knows, and shows the problems of the first lines', async () => {
    tmp = tempDir();
    const file = path.join(tmp.dir, 'app.jsonl');
    fs.writeFileSync(
      file,
      [
        '{"time": 1700000000, "event": "start", "session": "s1", "x": 1}',
        'garbage',
        '{"time": 1700000005, "event": "stop", "session": "s1", "x": 2}',
      ].join('\n'),
    );
    const preview = await previewImport({ instance: 'app' }, [file]);
    expect(preview.spec.mapping).toMatchObject({
      time: { source: { field: 'time' } },
      type: { field: 'event' },
      stream: { field: 'session' },
    });
    expect(preview.events.map((e) => [e.stream_id, e.event_type, e.timestamp, e.payload])).toEqual([
      ['s1', 'start', '2023-11-14T22:13:20.000Z', { x: 1 }],
      ['s1', 'stop', '2023-11-14T22:13:25.000Z', { x: 2 }],
    ]);
    expect(preview.problems.map((p) => [p.line, p.text])).toEqual([[2, 'garbage']]);
    expect(preview.fields.find((f) => f.path === 'time')?.timeFormat).toBe('epoch-s');
    expect(preview.notes).toContain('time format: auto (epoch-s)');
  });

  it('previews a custom pattern with a year-less time format', async () => {
    tmp = tempDir();
    const file = path.join(tmp.dir, 'svc.log');
    fs.writeFileSync(file, 'Mar  3 10:00:00 web1 started\nMar  3 10:00:05 web2 stopped\n');
    const preview = await previewImport(
      {
        instance: 'svc',
        pattern: '^(?<time>\\w{3} +\\d+ [\\d:]+) (?<host>\\S+) (?<what>\\w+)$',
        mapping: {
          stream: { field: 'host' },
          type: { field: 'what' },
          time: { source: { field: 'time' }, format: 'MMM d HH:mm:ss', year: 2019 },
        },
      },
      [file],
    );
    expect(preview.format).toBe('text');
    expect(preview.events.map((e) => [e.stream_id, e.event_type, e.timestamp])).toEqual([
      ['web1', 'started', '2019-03-03T10:00:00.000Z'],
      ['web2', 'stopped', '2019-03-03T10:00:05.000Z'],
    ]);
  });
});
