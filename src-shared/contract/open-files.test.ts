import { describe, expect, it } from 'vitest';
import { continuePrompt } from './open-files';

describe('continuePrompt', () => {
  it('asks about a file that grew, with sizes and the line it continues after', () => {
    const prompt = continuePrompt({
      name: 'access.log',
      outcome: 'offer',
      instanceId: 'i',
      instanceName: 'access.log',
      offer: { why: 'grown', fromLine: 120_000, bytesBefore: 12 << 20, bytesNow: 20 << 20 },
    });
    expect(prompt).toEqual({
      message: 'access.log has grown since it was opened',
      detail: 'It was 12 MB and is 20 MB now. Continue after line 120,000, into "access.log"?',
      buttons: ['Continue', 'Show as It Is'],
    });
  });

  it('asks about an import that stopped early; nothing to ask otherwise', () => {
    expect(
      continuePrompt({
        name: 'a.csv',
        outcome: 'offer',
        instanceName: 'a.csv',
        offer: { why: 'unfinished', fromLine: 10, bytesBefore: 900, bytesNow: 900 },
      })?.detail,
    ).toBe('Its import stopped after line 10. Import the rest into "a.csv"?');
    expect(continuePrompt({ name: 'a.csv', outcome: 'reopened' })).toBeNull();
  });
});
