import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'test/gql');

describe('test/gql (typed documents)', () => {
  it('is what `npm run codegen` generates from schema/schema.graphql and test/operations', async () => {
    // The generator in memory (about a second), compared with the committed output file by file.
    const files: { filename: string; content: string }[] = await generate({ ...config, cwd: root, silent: true }, false);
    const generated = Object.fromEntries(files.map((f) => [relative(out, resolve(root, f.filename)), f.content]));
    expect(Object.keys(generated).sort()).toEqual(readdirSync(out).sort());
    for (const [name, content] of Object.entries(generated)) {
      expect(readFileSync(join(out, name), 'utf8'), `test/gql/${name} is stale: run \`npm run codegen\``).toBe(content);
    }
  });
});
