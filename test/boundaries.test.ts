import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** ARCHITECTURE.md: dependencies point one way (server -> schema -> feishu); the emulator stands alone. */
const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every relative import of the files under `room`, as `file -> target` (paths from the repo root). */
function importsOf(room: string): { file: string; target: string }[] {
  return sources(join(root, room)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'(\.[^']+)'/g)].map(([, spec]) => ({
      file: relative(root, file),
      target: relative(root, resolve(dirname(file), spec)),
    })),
  );
}

const RULES: { room: string; mayImport: string[] }[] = [
  { room: 'src/emulator', mayImport: ['src/emulator/', 'src/wire/'] },
  { room: 'src/feishu', mayImport: ['src/feishu/', 'src/wire/', 'src/config'] },
  { room: 'src/events', mayImport: ['src/events/', 'src/feishu/', 'src/wire/', 'src/config'] },
  { room: 'src/schema', mayImport: ['src/schema/', 'src/feishu/', 'src/events/', 'src/config'] },
  { room: 'src/server', mayImport: ['src/server/', 'src/schema/', 'src/feishu/', 'src/events/', 'src/config'] },
];

describe('dependencies point one way', () => {
  for (const { room, mayImport } of RULES) {
    it(`${room} imports only ${mayImport.join(', ')}`, () => {
      const all = importsOf(room);
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter(({ target }) => !mayImport.some((p) => target.startsWith(p))).map(({ file, target }) => `${file} -> ${target}`)).toEqual([]);
    });
  }

  it('src/feishu reads no environment variables (settings come in as options)', () => {
    for (const file of sources(join(root, 'src/feishu'))) expect(readFileSync(file, 'utf8').includes('process.env'), file).toBe(false);
  });
});
