import { describe, expect, it } from 'vitest';
import { describeCondition, parseQuickFilter } from './parse-filter';

describe('quick filter', () => {
  it('reads field:value as eq with typed values, and -field / != as neq', () => {
    expect(parseQuickFilter('payload.user.country:DE')).toEqual({
      ok: true,
      condition: { field: 'payload.user.country', operator: 'eq', value: 'DE' },
    });
    expect(parseQuickFilter('status=500')).toMatchObject({ condition: { value: 500 } });
    expect(parseQuickFilter('ok:"true"')).toMatchObject({ condition: { value: 'true' } });
    expect(parseQuickFilter('-event_type:Login')).toMatchObject({
      condition: { field: 'event_type', operator: 'neq', value: 'Login' },
    });
    expect(parseQuickFilter('stream_id != a')).toMatchObject({ condition: { operator: 'neq' } });
  });
  it('takes other text as a contains on payload.message', () => {
    expect(parseQuickFilter('upstream 503')).toEqual({
      ok: true,
      condition: { field: 'payload.message', operator: 'contains', value: 'upstream 503' },
    });
    expect(parseQuickFilter('  ')).toMatchObject({ ok: false });
  });
  it('describes conditions for chips', () => {
    expect(describeCondition({ field: 'a', operator: 'neq', value: 1 })).toBe('a ≠ 1');
  });
});
