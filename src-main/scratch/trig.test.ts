import fs from 'node:fs';
import { it } from 'vitest';
import { generateShopEvents, type GeneratedEvent } from '../engine/demo/shop-events';
import { Engine } from '../engine/engine';
import { EventLogService } from '../engine/service';

const N = Number(process.env.N ?? 200000);
it('trigger cost', { timeout: 600000 }, async () => {
  const data: GeneratedEvent[][] = [];
  let b: GeneratedEvent[] = [];
  for (const e of generateShopEvents({ count: N })) {
    b.push(e);
    if (b.length === 1000) {
      data.push(b);
      b = [];
    }
  }
  const res: Record<string, number[]> = {};
  for (let rep = 0; rep < 3; rep++)
    for (const variant of ['trigger', 'none', 'trivial', 'max']) {
      const file = `/tmp/scratch-trig-${variant}.db`;
      for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
      const engine = Engine.open(file);
      const api = new EventLogService(engine).api;
      engine.createInstance('shop');
      if (variant !== 'trigger') engine.db.exec('DROP TRIGGER ev_1_no_replace');
      if (variant === 'trivial')
        engine.db.exec(
          "CREATE TRIGGER t1 BEFORE INSERT ON ev_1 WHEN NEW.pos < 0 BEGIN SELECT RAISE(ABORT, 'x'); END",
        );
      if (variant === 'max')
        engine.db.exec(
          "CREATE TRIGGER t1 BEFORE INSERT ON ev_1 WHEN NEW.pos <= (SELECT max(pos) FROM ev_1) BEGIN SELECT RAISE(ABORT, 'x'); END",
        );
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (const batch of data) {
        const r = await api.appendEvents({ instanceId: 'shop', events: batch });
        if (!r.success) throw new Error(r.error);
      }
      const cpu = process.cpuUsage(c0);
      const wall = performance.now() - t0;
      engine.close();
      (res[variant] ??= []).push((cpu.user + cpu.system) / N);
      console.log(
        variant,
        'cpu us/event',
        ((cpu.user + cpu.system) / N).toFixed(2),
        'user',
        (cpu.user / N).toFixed(2),
        'wall us/event',
        ((wall * 1000) / N).toFixed(2),
      );
      for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
    }
  console.log(JSON.stringify(res));
});
