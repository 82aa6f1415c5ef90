import { describe, expect, it } from 'vitest';
import { bookmarkKey, type Bookmark } from '../../../src-shared/contract/bookmarks';
import type { EventRecord, Instance } from '../../../src-shared/contract/records';
import { resolveBookmarks, type FindEvent } from './resolve-bookmarks';

const ssh: Instance = {
  id: 'local-ssh',
  name: 'ssh',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const event = (seq: number, ts: string): EventRecord => ({
  id: `local-${seq}`,
  instanceId: ssh.id,
  stream_id: 'LabSZ',
  event_type: 'sshd',
  payload: {},
  metadata: {},
  timestamp: ts,
  sequence_number: seq,
});
const here = [event(7, '2024-12-10T06:55:48.000Z'), event(9, '2024-12-10T07:01:00.000Z')];
const find: FindEvent = (instanceId, stream, seq) =>
  Promise.resolve(
    (instanceId === ssh.id && stream === 'LabSZ' && here.find((e) => e.sequence_number === seq)) ||
      null,
  );
const entry = (seq: number, ts: string, instance = 'ssh') => ({
  instance,
  stream: 'LabSZ',
  sequence: seq,
  timestamp: ts,
  eventType: 'sshd',
  note: `note ${seq}`,
  colour: 'blue' as const,
});

describe('resolveBookmarks', () => {
  it('finds each event by instance name, stream and sequence number; ids are this database’s', async () => {
    const existing = new Map<string, Bookmark>([
      [bookmarkKey({ instanceId: ssh.id, eventId: 'local-9' }), {} as Bookmark],
    ]);
    const r = await resolveBookmarks(
      [entry(7, '2024-12-10T06:55:48.000Z'), entry(9, '2024-12-10T07:01:00Z')],
      [ssh],
      existing,
      find,
    );
    expect(r.missing).toEqual([]);
    expect([r.added, r.replaced]).toEqual([1, 1]);
    expect(r.events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ instanceId: ssh.id, eventId: 'local-7', note: 'note 7' }),
      expect.objectContaining({ instanceId: ssh.id, eventId: 'local-9', note: 'note 9' }),
    ]);
  });

  it('leaves out, and names, bookmarks whose event is not here or is another event', async () => {
    const r = await resolveBookmarks(
      [
        entry(7, '2024-12-10T06:55:49.000Z'),
        entry(8, '2024-12-10T06:56:00.000Z'),
        entry(7, '2024-12-10T06:55:48.000Z', 'web'),
      ],
      [ssh],
      new Map(),
      find,
    );
    expect(r.events).toEqual([]);
    expect(r.missing).toEqual([
      'ssh LabSZ #7: another event here (its time or type differ)',
      'ssh LabSZ #8: no such event here',
      'web LabSZ #7: there is no instance "web" here',
    ]);
  });
});
