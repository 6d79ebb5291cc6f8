import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../src/feishu');
const sources = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(DIR, f), 'utf8') }));

describe('src/feishu boundaries', () => {
  it('has sources to check', () => {
    expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(['client.ts', 'bitable.ts', 'contact.ts', 'drive.ts']));
  });

  it('never imports the emulator, the server or the schema', () => {
    for (const { file, text } of sources) {
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => /emulator|server|schema/.test(i)), file).toEqual([]);
    }
  });

  it('reads no environment variables (settings come in as options)', () => {
    for (const { file, text } of sources) expect(text.includes('process.env'), file).toBe(false);
  });
});
