import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, TASKS, feishuCalls, startDemoStack, type DemoStack } from './bitable.js';
import { API_KEY, wsRequest } from './harness.js';

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack({ MAX_TOKENS: '1000' });
});
afterAll(() => s.close());

/** `{ app { table { app { table … { name } } } } }`: two levels of depth per round. */
const deep = (rounds: number) => `{ app(appToken: "${BASE}") { ${`table(tableId: "${TASKS}") { app { `.repeat(rounds)}name${' } }'.repeat(rounds)} } }`;
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: app(appToken: "${BASE}") { appToken }`).join(' ')} }`;
const directives = (n: number) => `{ viewer { ${'kind @include(if: true) '.repeat(n)} } }`;
const tokens = (n: number) => `{ viewer { ${'kind '.repeat(n)}} }`;

/** Posts as the app; asserts the refusal came before any Feishu call. */
async function refused(query: string) {
  await s.clearLog();
  const r = await s.post(query, { 'x-api-key': API_KEY });
  expect(await feishuCalls(s)).toEqual([]);
  return r;
}

describe('armor limits (defaults: depth 20, aliases 30, directives 50; tokens set to 1000 here)', () => {
  it('admits depth 20 and refuses depth 21 with BAD_USER_INPUT naming the limit', async () => {
    // deep(n) has depth 2 + 2n.
    expect((await s.gql(deep(9))).errors).toBeUndefined();
    const r = await refused(deep(10));
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0].message).toMatch(/depth limit of 20 exceeded, found 22 \(MAX_QUERY_DEPTH\)/);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_QUERY_DEPTH' });
  });

  it('refuses an alias bomb (31 aliases) and admits 30', async () => {
    expect((await s.gql(aliases(30))).errors).toBeUndefined();
    const r = await refused(aliases(31));
    expect(r.body.errors[0].message).toMatch(/Aliases limit of 30 exceeded, found 3\d \(MAX_ALIASES\)/);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_ALIASES' });
  });

  it('refuses a directive bomb', async () => {
    expect((await s.gql(directives(50))).errors).toBeUndefined();
    const r = await refused(directives(51));
    expect(r.body.errors[0].message).toMatch(/Directives limit of 50 exceeded, found 51 \(MAX_DIRECTIVES\)/);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_DIRECTIVES' });
  });

  it('refuses a token bomb while parsing', async () => {
    const r = await refused(tokens(2000));
    expect(r.body.errors[0].message).toMatch(/Token limit of 1000 exceeded \(MAX_TOKENS\)/);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_TOKENS' });
  });

  it('refuses the same over graphql-ws, before any Feishu call', async () => {
    const client = s.ws({ 'x-api-key': API_KEY });
    await s.clearLog();
    for (const [query, limit] of [
      [deep(10), 'MAX_QUERY_DEPTH'],
      [aliases(31), 'MAX_ALIASES'],
      [directives(51), 'MAX_DIRECTIVES'],
      [tokens(2000), 'MAX_TOKENS'],
    ] as const) {
      const r = await wsRequest(client, { query });
      expect(r.errors?.[0]?.extensions, limit).toMatchObject({ code: 'BAD_USER_INPUT', limit });
    }
    expect(await feishuCalls(s)).toEqual([]);
  });

  it('refuses over SSE', async () => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': API_KEY }, body: JSON.stringify({ query: aliases(31) }) });
    const text = await res.text();
    expect(text).toContain('MAX_ALIASES');
    expect(text).toContain('BAD_USER_INPUT');
  });

  it('suggests field names outside production only', async () => {
    const r = await s.gql('{ viewer { kinde } }');
    expect(r.errors[0].message).toContain('Did you mean');
    const prod = await startDemoStack({ NODE_ENV: 'production' });
    try {
      const p = await prod.gql('{ viewer { kinde } }');
      expect(p.errors[0].message).not.toContain('Did you mean');
      expect(p.errors[0].message).toContain('kinde');
    } finally {
      await prod.close();
    }
  });
});
