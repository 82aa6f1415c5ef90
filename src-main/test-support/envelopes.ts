import { expect } from 'vitest';

type AnyReply = { success: boolean; data?: unknown; error?: string; code?: string };

/** The data of a successful envelope; fails the test with the envelope's error otherwise. */
export function ok<E extends AnyReply>(envelope: E): Extract<E, { success: true }>['data'] {
  if (!envelope.success) {
    expect.fail(`expected success, got ${envelope.code ?? '?'}: ${envelope.error ?? '?'}`);
  }
  return envelope.data;
}

/** Asserts a failed envelope with this code; returns its error sentence. */
export function failed(envelope: AnyReply, code: string): string {
  if (envelope.success) expect.fail(`expected ${code}, got success: ${JSON.stringify(envelope)}`);
  expect(envelope.code, envelope.error).toBe(code);
  expect(typeof envelope.error).toBe('string');
  return envelope.error!;
}

export const isoMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;
export const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
