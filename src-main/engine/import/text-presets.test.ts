import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataset } from '../../test-support/datasets';
import { tempDir } from '../../test-support/temp-db';
import { previewImport } from './preview';

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

async function preview(name: string, text: string, spec: Record<string, unknown> = {}) {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, text);
  return previewImport({ instance: 'x', ...spec }, [file], 50);
}

describe('line presets on lines written by the book', () => {
  it('syslog RFC 5424: the examples of the RFC, structured data and all', async () => {
    tmp = tempDir();
    const lines = [
      "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8",
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] An application event log entry...',
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
    ];
    const p = await preview('syslog.log', lines.join('\n') + '\n');
    expect(p.preset).toBe('syslog-rfc5424');
    expect(p.problems).toEqual([]);
    expect(p.events.map((e) => [e.stream_id, e.event_type, e.timestamp])).toEqual([
      ['mymachine.example.com', 'su', '2003-10-11T22:14:15.003Z'],
      ['192.0.2.1', 'myproc', '2003-08-24T12:14:15.000Z'],
      ['mymachine.example.com', 'evntslog', '2003-10-11T22:14:15.003Z'],
      ['mymachine.example.com', 'evntslog', '2003-10-11T22:14:15.003Z'],
    ]);
    expect(p.events[0]!.payload).toMatchObject({
      pri: 34,
      version: 1,
      msgid: 'ID47',
      sd: '-',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    expect(p.events[3]!.payload).toMatchObject({
      sd: '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
    });
    expect(p.events[3]!.payload).not.toHaveProperty('message');
  });

  it('application logs: an ISO time, a [thread] or none, a level as log4j, logback, Go, Python and Serilog write it', async () => {
    tmp = tempDir();
    const lines = [
      '2026-12-07T13:35:44.755Z WARN worker-1 request 1 took 1ms',
      '2024-05-01 12:00:00.123 [main] INFO  com.example.App - Started in 2.1 s',
      '2024-05-01 12:00:01,456 ERROR Connection refused',
      '2024-05-01T12:00:02+02:00 [INF] Listening on http://localhost:5000',
      '2024-05-01 12:00:03.5 [pool-1-thread-2] [DEBUG] cache miss for key=42',
      '2024-05-01T12:00:04.000000001Z info',
    ];
    const p = await preview('app.log', lines.join('\n') + '\n');
    expect(p.preset).toBe('app-log');
    expect(p.problems).toEqual([]);
    expect(p.events.map((e) => [e.stream_id, e.event_type, e.timestamp, e.payload])).toEqual([
      ['main', 'WARN', '2026-12-07T13:35:44.755Z', { message: 'worker-1 request 1 took 1ms' }],
      [
        'main',
        'INFO',
        '2024-05-01T12:00:00.123Z',
        { message: 'com.example.App - Started in 2.1 s' },
      ],
      ['main', 'ERROR', '2024-05-01T12:00:01.456Z', { message: 'Connection refused' }],
      [
        'main',
        'INF',
        '2024-05-01T10:00:02.000Z',
        { message: 'Listening on http://localhost:5000' },
      ],
      [
        'pool-1-thread-2',
        'DEBUG',
        '2024-05-01T12:00:03.500Z',
        { message: 'cache miss for key=42' },
      ],
      ['main', 'info', '2024-05-01T12:00:04.000Z', {}],
    ]);
  });

  it('a line format the app-log preset does not own stays with its own preset', async () => {
    tmp = tempDir();
    const p = await preview(
      'CBS.log',
      '2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505\n',
    );
    expect(p.preset).toBe('windows-cbs-log');
  });

  it('syslog RFC 3164 with and without a priority, one-digit days, no pid', async () => {
    tmp = tempDir();
    const p = await preview(
      'messages',
      '<13>Feb  5 17:32:18 10.0.0.99 myapp[42]: Use the BFG!\nFeb 15 01:02:03 host kernel: [ 1.0] booting\n',
      { mapping: { time: { year: 2021 } } },
    );
    expect(p.preset).toBe('syslog-rfc3164');
    expect(p.events.map((e) => [e.stream_id, e.event_type, e.timestamp, e.payload])).toEqual([
      [
        '10.0.0.99',
        'myapp',
        '2021-02-05T17:32:18.000Z',
        { pri: 13, pid: 42, message: 'Use the BFG!' },
      ],
      ['host', 'kernel', '2021-02-15T01:02:03.000Z', { message: '[ 1.0] booting' }],
    ]);
  });

  it('Nginx and Apache: combined and common lines, escaped quotes, odd requests', async () => {
    tmp = tempDir();
    const lines = [
      '192.168.1.2 - alice [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
      '10.1.1.1 - - [10/Oct/2000:13:55:37 -0700] "GET /a HTTP/1.1" 304 - "-" "curl/\\"7\\""',
      '10.1.1.1 - - [10/Oct/2000:13:55:38 -0700] "\\x16\\x03\\x01" 400 166 "-" "-"',
      '10.1.1.2 - - [10/Oct/2000:13:55:39 -0700] "POST /form HTTP/1.1" 201 10',
    ];
    const p = await preview('access.log', lines.join('\n'), { preset: 'nginx-combined' });
    expect(p.problems).toEqual([]);
    expect(p.events.map((e) => [e.stream_id, e.event_type, e.timestamp])).toEqual([
      ['192.168.1.2', 'GET 200', '2000-10-10T20:55:36.000Z'],
      ['10.1.1.1', 'GET 304', '2000-10-10T20:55:37.000Z'],
      ['10.1.1.1', '\\x16\\x03\\x01 400', '2000-10-10T20:55:38.000Z'],
      ['10.1.1.2', 'POST 201', '2000-10-10T20:55:39.000Z'],
    ]);
    expect(p.events[0]!.metadata).toMatchObject({ ident: '-', auth: 'alice' });
    expect(p.events[1]!.payload).toMatchObject({ bytes: '-', agent: 'curl/\\"7\\"' });
    expect(p.events[3]!.payload).not.toHaveProperty('agent');
  });

  it('a CloudTrail document ({"Records": [...]}) with eventTime', async () => {
    tmp = tempDir();
    const records = fs
      .readFileSync(
        dataset('otrf-security-datasets', 'aws', 'ec2_proxy_s3_exfiltration_2020-09-14011940.json'),
        'utf8',
      )
      .split('\n', 3)
      .map((l): Record<string, unknown> => {
        const { '@timestamp': at, ...rest } = JSON.parse(l) as Record<string, unknown>;
        return { ...rest, eventTime: at };
      });
    const p = await preview('trail.json', JSON.stringify({ Records: records }, null, 2));
    expect(p).toMatchObject({ format: 'json', preset: 'cloudtrail' });
    expect(p.events.map((e) => [e.event_type, e.timestamp])).toEqual(
      records.map((r) => [`${r.eventSource as string}:${r.eventName as string}`, r.eventTime]),
    );
  });
});
