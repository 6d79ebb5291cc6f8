import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';
import * as documents from '../gql/graphql.js';

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

describe('test/gql/persisted-documents.json (the allow-list of PERSISTED_OPERATIONS)', () => {
  const allowList: Record<string, string> = JSON.parse(readFileSync(join(out, 'persisted-documents.json'), 'utf8'));
  const operations = readdirSync(join(root, 'test/operations')).flatMap((f) => [...readFileSync(join(root, 'test/operations', f), 'utf8').matchAll(/^(?:query|mutation|subscription) (\w+)/gm)].map((m) => m[1]));

  it('holds every operation of test/operations, each under the sha256 of its document (so ids are also APQ hashes)', () => {
    expect(Object.values(allowList).map((d) => /^(?:query|mutation|subscription) (\w+)/.exec(d)?.[1]).sort()).toEqual([...operations].sort());
    for (const [id, document] of Object.entries(allowList)) expect(id).toBe(createHash('sha256').update(document).digest('hex'));
  });

  it("names each operation by the id its typed document carries (what a codegen client sends)", () => {
    const carried = Object.entries(documents).filter(([name]) => name.endsWith('Document')).map(([, d]) => (d as { __meta__?: { hash?: string } }).__meta__?.hash);
    expect(carried).toHaveLength(operations.length);
    expect(carried.sort()).toEqual(Object.keys(allowList).sort());
  });
});
