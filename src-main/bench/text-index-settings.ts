import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPragmas } from '../engine/db/connection';
import { ftsPhrase, textAutomerge, textDocument } from '../engine/search/text-index';
import { table } from './measure';
import { commonWord, generateWebLogEvents, rareWord } from './web-log-events';

/**
 * What FTS5's settings do to the text index's cost (`npm run bench -- search --part settings
 * --ingest N`): the same documents the engine indexes (text-index.ts), written with each set of
 * settings beside plain rows of the events' payloads, in batches of 1,000 per transaction as
 * appends write them. Measured in process CPU time per event, which other work on the machine
 * disturbs far less than wall time, with the index's size and a count of a common and a rare
 * word from it (the searches' cost of fewer merges).
 */
interface Variant {
  name: string;
  /** Options of the FTS5 table after the column (none: plain rows only). */
  options: string | null;
  /** FTS5 configuration commands, as [key, integer]. */
  config: [string, number][];
}

const engineOptions = "content='', columnsize=0, tokenize='trigram case_sensitive 1'";

const variants: Variant[] = [
  { name: 'plain rows, no index', options: null, config: [] },
  { name: 'detail=full, automerge 4 (SQLite default)', options: engineOptions, config: [] },
  {
    name: `detail=full, automerge ${textAutomerge} (the engine)`,
    options: engineOptions,
    config: [['automerge', textAutomerge]],
  },
  {
    name: 'detail=full, no merges (automerge 0, crisismerge 1000)',
    options: engineOptions,
    config: [
      ['automerge', 0],
      ['crisismerge', 1000],
    ],
  },
  {
    name: `detail=none, automerge ${textAutomerge}`,
    options: `${engineOptions}, detail=none`,
    config: [['automerge', textAutomerge]],
  },
  {
    name: `detail=full, automerge ${textAutomerge}, pgsz 8000`,
    options: engineOptions,
    config: [
      ['automerge', textAutomerge],
      ['pgsz', 8000],
    ],
  },
];

function runVariant(file: string, v: Variant, docs: string[], payloads: string[]): string[] {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const db = new Database(file);
  try {
    applyPragmas(db, 1000);
    db.exec('CREATE TABLE ev (pos INTEGER PRIMARY KEY, payload BLOB NOT NULL)');
    if (v.options) {
      db.exec(`CREATE VIRTUAL TABLE tx USING fts5(doc, ${v.options})`);
      for (const [k, n] of v.config) db.exec(`INSERT INTO tx (tx, rank) VALUES ('${k}', ${n})`);
    }
    const row = db.prepare<[number, string]>('INSERT INTO ev (pos, payload) VALUES (?, jsonb(?))');
    const indexRow = v.options
      ? db.prepare<[number, string]>('INSERT INTO tx (rowid, doc) VALUES (?, ?)')
      : null;
    const batch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        row.run(i + 1, payloads[i]!);
        indexRow?.run(i + 1, docs[i]!);
      }
    });
    const c0 = process.cpuUsage();
    for (let i = 0; i < docs.length; i += 1_000)
      batch.immediate(i, Math.min(i + 1_000, docs.length));
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / docs.length;
    if (!v.options) return [v.name, cpu.toFixed(1), '-', '-', '-', '-'];
    const bytes = db
      .prepare<[], number>("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'tx%'")
      .pluck()
      .get()!;
    const segments = db
      .prepare<[], number>('SELECT count(DISTINCT segid) FROM tx_idx')
      .pluck()
      .get()!;
    const countMs = (word: string) => {
      const q = db.prepare<[string], number>('SELECT count(*) FROM tx WHERE tx MATCH ?').pluck();
      // detail=none cannot answer a phrase: the trigrams of the word, ANDed.
      const form = ftsPhrase(word)!.slice(1, -1);
      const trigrams = [...Array(form.length - 2).keys()].map((k) => `"${form.slice(k, k + 3)}"`);
      const match = v.options!.includes('detail=none') ? trigrams.join(' AND ') : `"${form}"`;
      q.get(match); // warm
      const t = performance.now();
      q.get(match);
      return (performance.now() - t).toFixed(1);
    };
    return [
      v.name,
      cpu.toFixed(1),
      (bytes / docs.length).toFixed(0),
      String(segments),
      countMs(commonWord),
      countMs(rareWord),
    ];
  } finally {
    db.close();
  }
}

export function settingsPart(count: number): void {
  const docs: string[] = [];
  const payloads: string[] = [];
  for (const e of generateWebLogEvents({ count, seed: 1 })) {
    docs.push(textDocument(e.stream_id, e.event_type, null, e.payload, e.metadata) ?? '');
    payloads.push(JSON.stringify(e.payload));
  }
  const chars = docs.reduce((n, d) => n + d.length, 0) / count;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-text-settings-'));
  const rows: string[][] = [];
  try {
    for (const v of variants) {
      rows.push(runVariant(path.join(dir, 'settings.db'), v, docs, payloads));
      console.error(`  ${rows.at(-1)!.join('  ')}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nFTS5 settings: ${count.toLocaleString('en-US')} web-log documents of ${chars.toFixed(0)} ` +
      `characters, batches of 1,000 (load average ${os.loadavg()[0]!.toFixed(1)} on ` +
      `${os.availableParallelism()} cores)\n`,
  );
  console.log(
    table(
      [
        'settings',
        'CPU us/event',
        'index B/event',
        'segments',
        `count "${commonWord}" ms`,
        `count "${rareWord}" ms`,
      ],
      rows,
    ),
  );
}
