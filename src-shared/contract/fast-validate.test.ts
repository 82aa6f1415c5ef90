import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastAppendEventParams, fastAppendEventsParams } from './fast-validate';
import { paramsSchemas } from './operations';

/**
 * The hand-written check may only ever be stricter than the zod schema: whatever it accepts,
 * the schema accepts with the same data; and it must accept ordinary valid input, or the hot
 * path would never be taken.
 */
const text = (max: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.constantFrom('', ' ', 'a\u0000', 'tab\t', 'del\u007f', 'x'.repeat(max), 'x'.repeat(max + 1)),
  );

const jsonLeaf = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(NaN, Infinity, -Infinity, undefined, new Date(0), 1n),
);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonLeaf,
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', '__proto__', 'c.d', ''), tie('json'), {
      maxKeys: 3,
    }),
  ),
}));
/** Objects as JSON.parse makes them: `__proto__` can be an own key. */
const jsonObject = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 4 }),
  json,
  fc.constant(JSON.parse('{"__proto__":{"x":1}}') as unknown),
  fc.constant(Object.create({ inherited: 1 }) as unknown),
);

const eventFields = {
  stream_id: text(512),
  streamId: text(512),
  event_type: text(256),
  eventType: text(256),
  payload: jsonObject,
  metadata: jsonObject,
  timestamp: fc.oneof(
    fc.integer(),
    fc.double(),
    fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-30', 'now', '', 9e15, NaN),
  ),
  id: text(200),
  expectedSequence: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(1.5, NaN, '1')),
  bogus: fc.anything(),
};
const anyEvent = fc.oneof(
  fc.record(eventFields, { requiredKeys: [] }),
  fc.anything(),
  fc.constant(null),
);

const validEvent = fc.record(
  {
    stream_id: fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((s) => [...s].every((c) => c >= ' ' && c !== '\u007f')),
    eventType: fc.constantFrom('A', 'OrderPlaced', 'ü'),
    payload: fc.dictionary(
      fc.string({ maxLength: 5 }).filter((k) => k !== '__proto__'),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer())),
    ),
    timestamp: fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.constant('2026-03-04T05:06:07.008Z')),
    id: fc.constantFrom('evt-1', 'a'),
    expectedSequence: fc.nat(),
  },
  { requiredKeys: [] },
);

describe('fast append validation', () => {
  it('accepts nothing the schema refuses, and gives the same data (appendEvents)', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            instanceId: fc.oneof(text(200), fc.integer()),
            events: fc.oneof(fc.array(anyEvent, { maxLength: 4 }), fc.anything()),
            autoCreateInstance: fc.oneof(fc.boolean(), fc.constant('yes')),
            extra: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        (params) => {
          const fast = fastAppendEventsParams(params);
          if (fast === null) return;
          const slow = paramsSchemas.appendEvents.safeParse(params);
          expect(slow.success, JSON.stringify(slow.error?.issues)).toBe(true);
          expect(fast).toEqual(slow.data);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts nothing the schema refuses (appendEvent)', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            ...eventFields,
            instanceId: fc.oneof(text(200), fc.integer()),
            autoCreateInstance: fc.oneof(fc.boolean(), fc.constant(0)),
          },
          { requiredKeys: [] },
        ),
        (params) => {
          if (fastAppendEventParams(params) === null) return;
          expect(paramsSchemas.appendEvent.safeParse(params).success).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts ordinary valid input (so the hot path is the common path)', () => {
    fc.assert(
      fc.property(fc.array(validEvent, { maxLength: 5 }), (events) => {
        const params = { instanceId: 'log', events, autoCreateInstance: true };
        expect(paramsSchemas.appendEvents.safeParse(params).success).toBe(true);
        expect(fastAppendEventsParams(params)).toBe(params);
        for (const e of events)
          expect(fastAppendEventParams({ instanceId: 'x', ...e })).not.toBeNull();
      }),
    );
  });

  it('refuses the classic traps', () => {
    const traps: unknown[] = [
      { instanceId: 'x', events: [{ payload: { n: NaN } }] },
      { instanceId: 'x', events: [{ payload: JSON.parse('{"a":{"__proto__":1}}') as unknown }] },
      { instanceId: 'x', events: [JSON.parse('{"__proto__":{}}') as unknown] },
      JSON.parse('{"instanceId":"x","events":[],"__proto__":{}}') as unknown,
      { instanceId: 'x', events: [{ streamId: 'a\nb' }] },
      { instanceId: 'x', events: [{ expectedSequence: 2 ** 53 }] },
      { instanceId: 'x', events: [{ payload: [] }] },
      { instanceId: 'x', events: [{ timestamp: '2026-13-01' }] },
      { instanceId: 'x', events: new Array(1) },
    ];
    for (const t of traps) {
      expect(fastAppendEventsParams(t)).toBeNull();
      expect(paramsSchemas.appendEvents.safeParse(t).success).toBe(false);
    }
  });
});
