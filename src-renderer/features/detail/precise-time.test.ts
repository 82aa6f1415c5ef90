import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src-shared/contract/records';
import { subMillisecondDigits } from './precise-time';

const event = (timestamp: string, metadata: object, payload: object = {}) =>
  ({
    id: 'e',
    instanceId: 'i',
    stream_id: 's',
    event_type: 't',
    sequence_number: 1,
    timestamp,
    metadata,
    payload,
  }) as unknown as EventRecord;

describe('sub-millisecond digits', () => {
  it("finds a Zeek record's microseconds in the source's own time field", () => {
    const zeek = event('2018-03-24T17:15:24.699Z', {
      _write_ts: '2018-03-24T17:15:24.704286Z',
      ts: '2018-03-24T17:15:24.699488Z',
    });
    expect(subMillisecondDigits(zeek)).toBe('488');
  });

  it('says nothing when no field is the same instant with more digits', () => {
    expect(
      subMillisecondDigits(event('2018-03-24T17:15:24.699Z', { ts: '2018-03-24T17:15:24.699Z' })),
    ).toBeNull();
    expect(
      subMillisecondDigits(
        event('2018-03-24T17:15:24.699Z', { ts: '2018-03-24T17:15:25.699123Z' }),
      ),
    ).toBeNull();
    expect(subMillisecondDigits(event('2018-03-24T17:15:24.699Z', {}, { note: 'x' }))).toBeNull();
  });
});
