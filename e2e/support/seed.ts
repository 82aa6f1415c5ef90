import { Engine } from '../../src-main/engine/engine';
import { fillShop, type ShopDbSpec } from '../../src-main/test-support/shop-db';

/**
 * Prepares a test's database through the engine (a second connection on the file the server
 * has open: the server hears about it like any other writer).
 */
export function withEngine<T>(dbFile: string, fn: (engine: Engine) => T): T {
  const engine = Engine.open(dbFile);
  try {
    return fn(engine);
  } finally {
    engine.close();
  }
}

export function seedShop(dbFile: string, spec: Partial<ShopDbSpec> = {}): void {
  withEngine(dbFile, (engine) =>
    fillShop(engine, { instance: 'shop', count: 2_000, streams: 60, ...spec }),
  );
}
