import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the emulator stands alone', () => {
  it('imports nothing of the gateway: only its own files, src/wire and packages', () => {
    const offenders: string[] = [];
    for (const file of sources(join(root, 'src/emulator'))) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'(\.[^']+)'/g)) {
        const target = relative(root, resolve(dirname(file), spec));
        if (!target.startsWith('src/emulator/') && !target.startsWith('src/wire/')) offenders.push(`${relative(root, file)} -> ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
