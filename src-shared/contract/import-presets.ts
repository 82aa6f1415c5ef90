import type { CsvOptions, ImportFormat, Mapping } from './import-spec';

/**
 * Import presets: a format, how to read it, and a sensible mapping, by name. Line formats
 * (Apache, syslog, ...) and the record shapes of well-known sources (GH Archive, Zeek, ...).
 * Plain data, so the UI can list them; the engine detects them from a file's first lines.
 * docs/importing.md describes each with the counts it gives on the real datasets.
 */
export interface ImportPreset {
  name: string;
  title: string;
  format: Exclude<ImportFormat, 'auto'>;
  /** Text formats: the line pattern (named groups become fields). */
  pattern?: string;
  csv?: CsvOptions;
  json?: { records?: string };
  mapping: Mapping;
  /**
   * How detection recognises it: keys the first record has, or CSV header columns. When several
   * presets fit, the one that names the most keys or columns wins.
   */
  detect?: { keys?: string[]; header?: string[] };
}

const source = { source: true } as const;

const combinedPattern = String.raw`^(?<client>\S+) (?<ident>\S+) (?<auth>\S+) \[(?<time>[^\]]+)\] "(?:(?<method>[A-Z]+) (?<path>\S+)(?: (?<protocol>[^"\s]+))?|(?<request>(?:[^"\\]|\\.)*))" (?<status>\d{3}) (?<bytes>\d+|-)(?: "(?<referrer>(?:[^"\\]|\\.)*)" "(?<agent>(?:[^"\\]|\\.)*)")?$`;

/**
 * The most common application log line: an ISO 8601 time (a space or T between date and time,
 * "." or "," before the fraction, a zone or none), an optional [thread], then a level word in
 * the spellings the big logging libraries write (Serilog's three letters too), bracketed or not.
 */
const levels = [
  'TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRIT|CRITICAL|SEVERE|ALERT|EMERG',
  'trace|debug|info|notice|warn|warning|error|fatal|critical',
  'Trace|Debug|Information|Info|Notice|Warning|Warn|Error|Fatal|Critical',
  'VRB|DBG|INF|WRN|ERR|FTL',
].join('|');
const appLogPattern = String.raw`^(?<time>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)\s+(?:\[(?<thread>[^\]]+)\]\s+)?\[?(?<level>${levels})\]?:?(?:\s+(?<message>.*))?$`;

const combinedMapping: Mapping = {
  stream: { field: 'client' },
  type: { template: '{method|request} {status}' },
  time: { source: { field: 'time' }, format: 'dd/MMM/yyyy:HH:mm:ss Z' },
  payload: { from: 'rest' },
  metadata: { fields: ['ident', 'auth'], ...source },
};

/**
 * A preset mapped as most are: it names the stream, type and time; the payload is the rest of
 * the record, and the metadata says where it was read (plus `metadataFields`, copied under their
 * own names).
 */
function restPreset(
  preset: Omit<ImportPreset, 'mapping'> &
    Required<Pick<Mapping, 'stream' | 'type' | 'time'>> &
    Pick<Mapping, 'streamFallback'> & { metadataFields?: string[] },
): ImportPreset {
  const { stream, streamFallback, type, time, metadataFields, ...about } = preset;
  const metadata = metadataFields ? { fields: metadataFields, ...source } : source;
  const fallback = streamFallback === undefined ? {} : { streamFallback };
  return {
    ...about,
    mapping: { stream, ...fallback, type, time, payload: { from: 'rest' }, metadata },
  };
}

/** The access log formats: one pattern and one mapping. */
const accessLogPreset = (name: string, title: string): ImportPreset => ({
  name,
  title,
  format: 'text',
  pattern: combinedPattern,
  mapping: combinedMapping,
});

export const importPresets: readonly ImportPreset[] = [
  {
    name: 'eventlens',
    title: 'Eventlens export (NDJSON or JSON): events back as they were',
    format: 'ndjson',
    mapping: {
      stream: { field: 'stream_id' },
      type: { field: 'event_type' },
      // ISO as exports write it, or epoch ms as appendEvents also takes it.
      time: { source: { field: 'timestamp' }, format: 'auto' },
      payload: { from: 'field', field: 'payload' },
      metadata: { from: 'metadata', source: false },
    },
    detect: { keys: ['stream_id', 'event_type', 'timestamp', 'sequence_number', 'payload'] },
  },
  accessLogPreset('apache-combined', 'Apache access log, combined (or common) format'),
  accessLogPreset('nginx-combined', 'Nginx access log, default "combined" format'),
  restPreset({
    name: 'syslog-rfc3164',
    title: 'BSD syslog (RFC 3164): "Dec 10 06:55:46 host program[pid]: message" (no year)',
    format: 'text',
    pattern: String.raw`^(?:<(?<pri>\d{1,3})>)?(?<time>[A-Z][a-z]{2} [ \d]?\d \d{2}:\d{2}:\d{2}) (?<host>\S+) (?<program>[^\s:\[]+)(?:\[(?<pid>\d+)\])?: ?(?<message>.*)$`,
    stream: { field: 'host' },
    type: { field: 'program' },
    time: { source: { field: 'time' }, format: 'MMM d HH:mm:ss' },
  }),
  restPreset({
    name: 'syslog-rfc5424',
    title: 'Syslog (RFC 5424): "<34>1 2003-10-11T22:14:15.003Z host app procid msgid [sd] message"',
    format: 'text',
    pattern: String.raw`^<(?<pri>\d{1,3})>(?<version>\d{1,2}) (?<time>\S+) (?<host>\S+) (?<app>\S+) (?<procid>\S+) (?<msgid>\S+) (?<sd>-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (?:\u{FEFF})?(?<message>.*))?$`,
    stream: { field: 'host' },
    type: { template: '{app}' },
    time: { source: { field: 'time' }, format: 'iso' },
  }),
  restPreset({
    name: 'apache-error',
    title: 'Apache error log: "[Sun Dec 04 04:47:44 2005] [notice] message"',
    format: 'text',
    pattern: String.raw`^\[(?<Time>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]?\d \d{2}:\d{2}:\d{2}(?:\.\d+)? \d{4})\] \[(?<Level>[\w:]+)\] (?<Content>.*)$`,
    stream: { value: 'error_log' },
    type: { field: 'Level' },
    time: { source: { field: 'Time' }, format: 'EEE MMM d HH:mm:ss yyyy' },
  }),
  restPreset({
    name: 'hdfs-log',
    title: 'Hadoop HDFS log: "081109 203615 148 INFO dfs.DataNode: message"',
    format: 'text',
    pattern: String.raw`^(?<Date>\d{6}) (?<Time>\d{6}) (?<Pid>\d+) (?<Level>[A-Z]+) (?<Component>[^:\s]+): (?<Content>.*)$`,
    stream: { field: 'Content', match: String.raw`blk_-?\d+` },
    type: { field: 'Component' },
    time: { source: { template: '{Date} {Time}' }, format: 'yyMMdd HHmmss' },
  }),
  restPreset({
    name: 'bgl-log',
    title:
      'Blue Gene/L RAS log: "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 ..."',
    format: 'text',
    pattern: String.raw`^(?<Label>\S+) (?<Timestamp>\d+) (?<Date>\d{4}\.\d{2}\.\d{2}) (?<Node>\S+) (?<Time>\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}\.\d+) (?<NodeRepeat>\S+) (?<Type>\S+) (?<Component>\S+) (?<Level>\S+) ?(?<Content>.*)$`,
    metadataFields: ['Label'],
    stream: { field: 'Node' },
    type: { template: '{Component} {Level}' },
    time: { source: { field: 'Time' }, format: 'yyyy-MM-dd-HH.mm.ss.SSSSSS' },
  }),
  restPreset({
    name: 'openstack-log',
    title: 'OpenStack (nova) log with the source file in front',
    format: 'text',
    pattern: String.raw`^(?<Logrecord>\S+) (?<Date>\d{4}-\d{2}-\d{2}) (?<Time>\d{2}:\d{2}:\d{2}\.\d{3}) (?<Pid>\d+) (?<Level>[A-Z]+) (?<Component>\S+) \[(?<ADDR>[^\]]*)\] (?<Content>.*)$`,
    metadataFields: ['Logrecord'],
    stream: { field: 'Content', match: String.raw`\[instance: ([0-9a-f-]{36})\]` },
    streamFallback: 'no-instance',
    type: { field: 'Component' },
    time: { source: { template: '{Date} {Time}' }, format: 'iso' },
  }),
  restPreset({
    name: 'windows-cbs-log',
    title: 'Windows CBS servicing log: "2016-09-28 04:30:30, Info  CBS  message"',
    format: 'text',
    pattern: String.raw`^(?<Date>\d{4}-\d{2}-\d{2}) (?<Time>\d{2}:\d{2}:\d{2}), (?<Level>\w+)\s+(?:(?<Component>CBS|CSI|CMI|DPX|SQM|DRVPNP)\s+)?(?<Content>.*)$`,
    stream: { field: 'Component' },
    streamFallback: 'other',
    type: { field: 'Level' },
    time: { source: { template: '{Date} {Time}' }, format: 'iso' },
  }),
  // Last of the line formats: where a more specific one fits as many lines, that one wins.
  restPreset({
    name: 'app-log',
    title:
      'Application log: "2024-05-01 12:00:00.123 [thread] INFO message" (ISO time, then a level: log4j, logback, Go, Python, Serilog…)',
    format: 'text',
    pattern: appLogPattern,
    stream: { field: 'thread' },
    streamFallback: 'main',
    type: { field: 'level' },
    time: { source: { field: 'time' }, format: 'iso' },
  }),
  {
    name: 'gharchive',
    title: 'GH Archive (GitHub events), one event per line',
    format: 'ndjson',
    mapping: {
      stream: { field: 'repo.name' },
      type: { field: 'type' },
      time: { source: { field: 'created_at' }, format: 'iso' },
      payload: { from: 'field', field: 'payload' },
      metadata: { fields: ['id', 'actor', 'org', 'public'], ...source },
    },
    detect: { keys: ['type', 'actor', 'repo', 'created_at', 'payload'] },
  },
  restPreset({
    name: 'zeek',
    title: 'Zeek logs in JSON (one record per line; dotted keys)',
    format: 'ndjson',
    metadataFields: ['ts', '_write_ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p'],
    detect: { keys: ['_path', 'ts'] },
    stream: { template: '{uid|host|fingerprint}' },
    type: { field: '_path' },
    // `ts` has microseconds; the event time keeps milliseconds, metadata keeps the original.
    time: { source: { field: 'ts' }, format: 'iso' },
  }),
  restPreset({
    name: 'windows-nxlog',
    title: 'Windows event log records as JSON (NXLog/Logstash, e.g. OTRF Security-Datasets)',
    format: 'ndjson',
    metadataFields: [
      'RecordNumber',
      'SourceName',
      'host',
      'port',
      'tags',
      '@version',
      'EventReceivedTime',
    ],
    detect: { keys: ['Channel', 'EventID', 'Hostname'] },
    stream: { field: 'Hostname' },
    type: { template: '{Channel}:{EventID}' },
    time: { source: { field: '@timestamp' }, format: 'iso' },
  }),
  restPreset({
    name: 'cloudtrail',
    title: 'AWS CloudTrail records (NDJSON, or a {"Records": [...]} document)',
    format: 'ndjson',
    json: { records: 'Records' },
    metadataFields: ['eventID', 'requestID', 'eventVersion', 'recipientAccountId', '@version'],
    detect: { keys: ['eventSource', 'eventName', 'userIdentity'] },
    stream: { template: '{userIdentity.arn|userIdentity.invokedBy|userIdentity.type}' },
    type: { template: '{eventSource}:{eventName}' },
    time: { source: { template: '{eventTime|@timestamp}' }, format: 'iso' },
  }),
  restPreset({
    name: 's3-honeybucket',
    title: 'S3 honeybucket alert CSV (OTRF), with Python-literal cells',
    format: 'csv',
    csv: { nested: 'python' },
    metadataFields: ['Event ID', 'Request ID'],
    detect: { header: ['Event Name', 'Event DateTime', 'Source IP', 'Request Parameters'] },
    stream: { field: 'Source IP' },
    type: { field: 'Event Name' },
    time: { source: { field: 'Event DateTime' }, format: 'iso' },
  }),
  ...loghubCsvPresets(),
];

/** Loghub's structured CSVs: the parsed header fields, EventId (template id) and EventTemplate. */
function loghubCsvPresets(): ImportPreset[] {
  const csvPreset = (
    system: string,
    header: string[],
    mapping: Omit<Mapping, 'type' | 'payload'>,
  ): ImportPreset => ({
    name: `loghub-${system.toLowerCase()}`,
    title: `Loghub ${system} structured CSV (event type = template id)`,
    format: 'csv',
    csv: { nested: 'off' },
    mapping: {
      type: { field: 'EventId' },
      payload: { from: 'rest' },
      ...mapping,
      metadata: { fields: ['LineId'], ...mapping.metadata, source: true },
    },
    detect: { header },
  });
  // The whole header of each file: detection picks the preset whose header fits best.
  const bglHeader =
    'LineId Label Timestamp Date Node Time NodeRepeat Type Component Level Content EventId EventTemplate';
  const openStackHeader =
    'LineId Logrecord Date Time Pid Level Component ADDR Content EventId EventTemplate';
  return [
    csvPreset(
      'HDFS',
      [
        'LineId',
        'Date',
        'Time',
        'Pid',
        'Level',
        'Component',
        'Content',
        'EventId',
        'EventTemplate',
      ],
      {
        stream: { field: 'Content', match: String.raw`blk_-?\d+` },
        time: { source: { template: '{Date} {Time}' }, format: 'yyMMdd HHmmss' },
      },
    ),
    csvPreset('BGL', bglHeader.split(' '), {
      stream: { field: 'Node' },
      time: { source: { field: 'Time' }, format: 'yyyy-MM-dd-HH.mm.ss.SSSSSS' },
      metadata: { fields: ['LineId', 'Label'] },
    }),
    csvPreset(
      'OpenSSH',
      ['LineId', 'Date', 'Day', 'Time', 'Component', 'Pid', 'Content', 'EventId', 'EventTemplate'],
      {
        stream: { field: 'Pid' },
        time: { source: { template: '{Date} {Day} {Time}' }, format: 'MMM d HH:mm:ss' },
      },
    ),
    csvPreset('OpenStack', openStackHeader.split(' '), {
      stream: { field: 'Content', match: String.raw`\[instance: ([0-9a-f-]{36})\]` },
      streamFallback: 'no-instance',
      time: { source: { template: '{Date} {Time}' }, format: 'iso' },
    }),
    csvPreset('Apache', ['LineId', 'Time', 'Level', 'Content', 'EventId', 'EventTemplate'], {
      stream: { value: 'error_log' },
      time: { source: { field: 'Time' }, format: 'EEE MMM d HH:mm:ss yyyy' },
    }),
    csvPreset(
      'Windows',
      ['LineId', 'Date', 'Time', 'Level', 'Component', 'Content', 'EventId', 'EventTemplate'],
      {
        stream: { field: 'Component' },
        time: { source: { template: '{Date} {Time}' }, format: 'iso' },
      },
    ),
  ];
}

export function findPreset(name: string): ImportPreset | undefined {
  return importPresets.find((p) => p.name === name);
}
