import { describe, expect, it } from 'vitest';
import { envelopeOperation, failureEnvelope } from './envelope';

describe('failureEnvelope', () => {
  it('builds the one failure shape every side answers', () => {
    const envelope = failureEnvelope('getInstance', 'NOT_FOUND', 'instanceId: no instance "x"', {
      requestId: 'r1',
      details: { instanceId: 'x' },
    });
    expect(envelope).toEqual({
      type: 'eventLog.getInstance',
      success: false,
      error: 'instanceId: no instance "x"',
      code: 'NOT_FOUND',
      details: { instanceId: 'x' },
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/u) as unknown,
      requestId: 'r1',
    });
    expect(failureEnvelope('cancel', 'INTERNAL', 'x')).not.toHaveProperty('details');
    expect(failureEnvelope('cancel', 'INTERNAL', 'x').requestId).toBe('');
  });

  it('cuts an error that is a dump rather than a sentence', () => {
    const error = failureEnvelope('queryEvents', 'VALIDATION_ERROR', 'x'.repeat(70_000)).error;
    expect(error).toHaveLength(2001);
  });

  it('never echoes caller text into the type', () => {
    expect(envelopeOperation('listInstances')).toBe('listInstances');
    for (const name of ['a b', '<script>', 'x'.repeat(41), '', 7, undefined]) {
      expect(envelopeOperation(name)).toBe('unknown');
    }
  });
});
