import { expect, it } from 'vitest';
import { seededRandom } from '../../src-shared/demo/random';
import { IsoInstants } from './iso-instants';

/** The append path's answers must carry exactly the timestamps toISOString writes. */
it('writes every instant as toISOString does, in any order of days', () => {
  const iso = new IsoInstants();
  const random = seededRandom(7);
  const day = 86_400_000;
  const instants = [
    0,
    1,
    999,
    1000,
    day - 1,
    day,
    day + 1,
    Date.UTC(2026, 0, 1),
    Date.UTC(2026, 0, 1) - 1,
    Date.UTC(2024, 1, 29, 23, 59, 59, 999),
    Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    Date.UTC(10000, 0, 1),
    -1,
    -day,
    -62_198_755_200_000,
    8.64e15,
    -8.64e15,
    1.5,
    1_700_000_000_000.25,
    Date.UTC(1969, 11, 31, 23, 59, 59, 999),
  ];
  for (let i = 0; i < 20_000; i++) {
    const base = Date.UTC(2026, 0, 1) + Math.floor(random() * 30 * day);
    instants.push(base, base + Math.floor(random() * 5000), Math.floor((random() - 0.3) * 4e14));
  }
  for (const ts of instants) expect(iso.format(ts)).toBe(new Date(ts).toISOString());
});
