import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the gateway stands apart from the emulator', () => {
  it('no gateway file imports src/emulator (only the CLI, src/main.ts, may)', () => {
    const offenders: string[] = [];
    const gateway = sources(join(root, 'src')).filter((f) => {
      const path = relative(root, f);
      return !path.startsWith('src/emulator/') && path !== 'src/main.ts';
    });
    for (const file of gateway) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'(\.[^']+)'/g)) {
        const target = relative(root, resolve(dirname(file), spec));
        if (target.startsWith('src/emulator/')) offenders.push(`${relative(root, file)} -> ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
