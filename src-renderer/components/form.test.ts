import type { FormEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { submitHandler } from './form';

describe('submitHandler', () => {
  it('keeps the submit in the page, then runs the form’s action', () => {
    const order: string[] = [];
    const submit = vi.fn(() => order.push('submit'));
    const event = { preventDefault: () => order.push('preventDefault') } as unknown as FormEvent;
    submitHandler(submit)(event);
    expect(order).toEqual(['preventDefault', 'submit']);
  });
});
