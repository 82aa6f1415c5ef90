import fs from 'node:fs';
import path from 'node:path';

/** Where @electron/fuses finds the fuse wire in an Electron binary. */
const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's own fuse states ('1' on, '0' off), in @electron/fuses' order: RunAsNode on,
 * cookie encryption off, NODE_OPTIONS on, inspect flags on, asar integrity off, only-asar off,
 * browser V8 snapshot off, file:// privileges on, wasm trap handlers on.
 */
export const electronDefaultFuses = '101100011';

/**
 * A file laid out like an Electron binary's fuse wire: the sentinel, the wire's version (1) and
 * length, one byte per fuse. @electron/fuses reads and flips it as in the real binary.
 */
export function writeFuseWire(file: string, states = electronDefaultFuses): void {
  const wire = Buffer.concat([
    Buffer.from(fuseSentinel),
    Buffer.from([1, states.length]),
    Buffer.from(states),
  ]);
  fs.writeFileSync(file, Buffer.concat([Buffer.alloc(4096), wire, Buffer.alloc(4096)]), {
    mode: 0o755,
  });
}

/**
 * An unpacked Linux Electron distribution, as far as electron-builder looks at one
 * (`electronDist`): the executable (a fuse wire, nothing runnable), its licence files and an
 * empty resources folder. Packaging with it exercises the whole configuration where the real
 * Electron release cannot be downloaded.
 */
export function standInElectron(dir: string, version: string): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  writeFuseWire(path.join(dir, 'electron'));
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stand-in\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), 'stand-in\n');
  fs.writeFileSync(path.join(dir, 'version'), version);
  return dir;
}
