import { parseInstant } from './instants';
import { isCleanJson } from './json-value';
import { structuralLimits as L } from './limits';
import type { ValidParamsOf } from './operations';
import { isWellFormed } from './well-formed';

/**
 * A hand-written check of the append parameters, for the hot path: a batch of 1,000 events
 * through zod costs about as much as writing it to SQLite. It answers "certainly valid" (the
 * parameters, typed) or null ("not sure"); on null the caller runs the zod schema, which is the
 * authority and words the error. So this check may be stricter than the schema, never looser:
 * fast-validate.test.ts compares the two on random and adversarial inputs.
 */

function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const isText = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length >= 1 && v.length <= max && isWellFormed(v);

const isCleanText = (v: unknown, max: number): boolean => isText(v, max) && !hasControlChars(v);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const isJsonObject = (v: unknown): boolean => isPlainObject(v) && isCleanJson(v, 0);

const eventKeys = new Set([
  'stream_id',
  'streamId',
  'event_type',
  'eventType',
  'payload',
  'metadata',
  'timestamp',
  'id',
  'expectedSequence',
]);

/** One key of an event; `undefined` counts as absent, as zod's `.optional()` has it. */
function isValidEventKey(key: string, v: unknown): boolean {
  if (v === undefined) return true;
  switch (key) {
    case 'stream_id':
    case 'streamId':
      return isCleanText(v, L.maxStreamIdLength);
    case 'event_type':
    case 'eventType':
      return isCleanText(v, L.maxEventTypeLength);
    case 'payload':
    case 'metadata':
      return isJsonObject(v);
    case 'timestamp':
      return (typeof v === 'string' || typeof v === 'number') && parseInstant(v) !== null;
    case 'id':
      return isCleanText(v, L.maxEventIdLength);
    case 'expectedSequence':
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    default:
      return false;
  }
}

function isValidEvent(e: unknown, extraKeys: ReadonlySet<string> | null): boolean {
  if (!isPlainObject(e)) return false;
  for (const key of Object.keys(e)) {
    if (eventKeys.has(key)) {
      if (!isValidEventKey(key, e[key])) return false;
    } else if (!extraKeys?.has(key)) return false;
  }
  return true;
}

const isOptionalBoolean = (v: unknown) => v === undefined || typeof v === 'boolean';

const appendEventsKeys = new Set(['instanceId', 'events', 'autoCreateInstance']);

export function fastAppendEventsParams(params: unknown): ValidParamsOf<'appendEvents'> | null {
  if (!isPlainObject(params)) return null;
  for (const key of Object.keys(params)) if (!appendEventsKeys.has(key)) return null;
  if (!isText(params.instanceId, L.maxNameLength)) return null;
  if (!isOptionalBoolean(params.autoCreateInstance)) return null;
  const events = params.events;
  if (!Array.isArray(events)) return null;
  for (let i = 0; i < events.length; i++) if (!isValidEvent(events[i], null)) return null;
  return params as ValidParamsOf<'appendEvents'>;
}

const appendEventExtraKeys = new Set(['instanceId', 'autoCreateInstance']);

export function fastAppendEventParams(params: unknown): ValidParamsOf<'appendEvent'> | null {
  if (!isValidEvent(params, appendEventExtraKeys)) return null;
  const p = params as Record<string, unknown>;
  if (!isText(p.instanceId, L.maxNameLength)) return null;
  if (!isOptionalBoolean(p.autoCreateInstance)) return null;
  return p as ValidParamsOf<'appendEvent'>;
}
