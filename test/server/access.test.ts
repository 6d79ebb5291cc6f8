import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, sha256Hex } from '../../src/config.js';
import { createIdentify } from '../../src/server/identity.js';
import { startStack, wsRequest, type Stack } from './harness.js';

/**
 * Access control, tried the way an attacker would: keys being rotated, near-miss keys, CORS from
 * an allowed and a refused origin, cross-site requests without a CSRF header, and what production
 * mode lets a caller learn about the schema over every transport.
 */

const NEW = 'key-2026-new-0123456789abcdef';
const OLD = 'key-2025-old-0123456789abcdef';
const OPS = 'key-ops-hash-0123456789abcdef';
const RETIRED = 'key-2024-ret-0123456789abcdef';
const DEMO_APP = 'bascnPLIgpJjLoKFh1q26hd49nx';
const VIEWER = '{ viewer { kind appId user { openId } } }';

async function upstreamCalls(s: Stack): Promise<number> {
  return ((await (await fetch(`${s.emu.url}/__emulator/requests`)).json()) as unknown[]).length;
}

describe('API keys during a rotation', () => {
  let s: Stack;
  beforeAll(async () => {
    // Two keys in clear (the new one and the one being retired) and one known by its hash only.
    s = await startStack({ GATEWAY_API_KEYS: `${NEW}, ${OLD}`, GATEWAY_API_KEY_HASHES: sha256Hex(OPS) }, {}, { seed: 'demo' });
  });
  afterAll(() => s.close());

  it('accepts each current key, as the app', async () => {
    for (const key of [NEW, OLD, OPS]) {
      expect((await s.post(VIEWER, { 'x-api-key': key })).body, key).toEqual({ data: { viewer: { kind: 'APP', appId: s.emu.rt.appId, user: null } } });
    }
  });

  it('refuses a retired key, a near miss of the same length, a prefix and an extension of a key, never echoing them', async () => {
    const sameLength = NEW.slice(0, -1) + (NEW.endsWith('f') ? 'e' : 'f');
    expect(sameLength).toHaveLength(NEW.length);
    for (const key of [RETIRED, sameLength, NEW.slice(0, -1), `${NEW}0`, sha256Hex(OPS), NEW.toUpperCase()]) {
      const res = await s.post(VIEWER, { 'x-api-key': key });
      expect(res.status, key).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body).toEqual({ errors: [{ message: 'unknown API key', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    expect((await wsRequest(s.ws({ 'x-api-key': RETIRED }), { query: VIEWER })).errors).toEqual([{ message: 'unknown API key', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('shows in viewer which identity is in effect, and refuses a request that sends both', async () => {
    const user = await s.post(VIEWER, { authorization: 'Bearer u-demo-alice' });
    expect(user.body.data.viewer).toMatchObject({ kind: 'USER', appId: s.emu.rt.appId, user: { openId: expect.stringMatching(/^ou_/) } });
    const both = await s.post(VIEWER, { 'x-api-key': NEW, authorization: 'Bearer u-demo-alice' });
    expect(both.status).toBe(401);
    expect(both.body.errors[0].message).toMatch(/not both/);
  });

  it('each phase of a rotation: old only, both, new only', () => {
    const phase = (env: Record<string, string>) => createIdentify({ appId: 'cli_x', apiKeyHashes: loadConfig(env).apiKeyHashes });
    const accepts = (identify: ReturnType<typeof phase>, key: string) => {
      try {
        return identify({ apiKey: key }).kind === 'APP';
      } catch {
        return false;
      }
    };
    const envs: Array<Record<string, string>> = [{ GATEWAY_API_KEYS: OLD }, { GATEWAY_API_KEYS: `${OLD},${NEW}` }, { GATEWAY_API_KEY_HASHES: sha256Hex(NEW) }];
    const phases = envs.map((env) => phase(env));
    expect(phases.map((p) => [accepts(p, OLD), accepts(p, NEW)])).toEqual([
      [true, false],
      [true, true],
      [false, true],
    ]);
  });
});

describe('CORS_ORIGINS', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ CORS_ORIGINS: 'https://app.example,https://admin.example' });
  });
  afterAll(() => s.close());
  const preflight = (origin: string) =>
    fetch(s.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
  const cors = (res: Response) => Object.fromEntries([...res.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'));

  it('answers a preflight from an allowed origin with that origin, the headers the gateway reads, and no credentials', async () => {
    for (const origin of ['https://app.example', 'https://admin.example']) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(cors(res)).toEqual({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type, accept, x-api-key, authorization, x-graphql-yoga-csrf, apollo-require-preflight',
        'access-control-expose-headers': 'retry-after',
        vary: 'Origin',
      });
    }
  });

  it('sends no CORS headers at all to a refused origin, on the preflight and on the request itself', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.evil.example', 'null']) {
      expect(cors(await preflight(origin)), origin).toEqual({});
      const res = await fetch(s.url, { method: 'POST', headers: { origin, 'content-type': 'application/json', 'x-api-key': 'test-key-0123456789' }, body: JSON.stringify({ query: '{ viewer { kind } }' }) });
      expect(cors(res)).toEqual({});
    }
  });
});

describe('CSRF', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({}, {}, { seed: 'demo' });
  });
  afterAll(() => s.close());
  const asApp = { 'x-api-key': 'test-key-0123456789' };
  const createTable = (name: string) => `mutation { createTable(input: { appToken: "${DEMO_APP}", name: "${name}" }) { table { name } } }`;
  const multipart = (query: string) => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query }));
    form.set('map', '{}');
    return form;
  };

  it('refuses a multipart mutation (what a cross-site form can send) without the header, before any upstream call', async () => {
    const before = await upstreamCalls(s);
    const res = await fetch(s.url, { method: 'POST', headers: asApp, body: multipart(createTable('csrf')) });
    expect(res.status).toBe(403);
    await res.arrayBuffer();
    expect(await upstreamCalls(s)).toBe(before);
    const ok = await fetch(s.url, { method: 'POST', headers: { ...asApp, 'x-graphql-yoga-csrf': '1' }, body: multipart(createTable('with header')) });
    expect(await ok.json()).toEqual({ data: { createTable: { table: { name: 'with header' } } } });
    expect(await upstreamCalls(s)).toBeGreaterThan(before);
  });

  it('refuses GET and form-encoded operations without the header too', async () => {
    const get = await fetch(`${s.url}?${new URLSearchParams({ query: '{ viewer { kind } }' })}`, { headers: asApp });
    expect(get.status).toBe(403);
    await get.arrayBuffer();
    const form = await fetch(s.url, { method: 'POST', headers: { ...asApp, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: createTable('form') }) });
    expect(form.status).toBe(403);
    await form.arrayBuffer();
  });
});

describe('production mode', () => {
  const introspections = ['{ __schema { types { name } } }', '{ __type(name: "Query") { fields { name } } }'];
  // Typos graphql-js would answer with the real names: a field, an argument, an enum value (a literal and a variable).
  const probes: Array<{ query: string; variables?: Record<string, unknown>; leak: string }> = [
    { query: '{ viewer { kin } }', leak: 'kind' },
    { query: `{ app(appToken: "${DEMO_APP}") { table(tableId: "t") { records(firs: 1) { totalCount } } } }`, leak: 'first' },
    { query: `mutation { createField(input: { appToken: "a", tableId: "t", name: "n", type: TEX }) { field { fieldId } } }`, leak: 'TEXT' },
    { query: 'mutation ($t: FieldType!) { createField(input: { appToken: "a", tableId: "t", name: "n", type: $t }) { field { fieldId } } }', variables: { t: 'TEX' }, leak: 'TEXT' },
  ];
  const asApp = { 'x-api-key': 'test-key-0123456789' };
  const post = (s: Stack, query: string, variables?: Record<string, unknown>, accept = 'application/json') =>
    fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', accept, ...asApp }, body: JSON.stringify({ query, variables }) }).then((r) => r.text());
  const get = (s: Stack, query: string) => fetch(`${s.url}?${new URLSearchParams({ query })}`, { headers: { ...asApp, 'x-graphql-yoga-csrf': '1' } }).then((r) => r.text());
  /** Every transport's answer to one operation, as text. */
  async function everywhere(s: Stack, query: string, variables?: Record<string, unknown>) {
    // The harness's helper types the payload without variables; graphql-ws sends them all the same.
    const ws = await wsRequest(s.ws(asApp), { query, variables } as { query: string });
    return { http: await post(s, query, variables), get: variables ? '' : await get(s, query), sse: await post(s, query, variables, 'text/event-stream'), ws: JSON.stringify(ws) };
  }
  const graphiql = (s: Stack) => fetch(s.url, { headers: { accept: 'text/html' } }).then(async (r) => ({ status: r.status, html: await r.text() }));

  describe('NODE_ENV=production', () => {
    let s: Stack;
    beforeAll(async () => {
      s = await startStack({ NODE_ENV: 'production' });
    });
    afterAll(() => s.close());

    it('refuses introspection over HTTP (POST and GET), SSE and graphql-ws, and still answers __typename', async () => {
      for (const query of introspections) {
        for (const [transport, text] of Object.entries(await everywhere(s, query))) {
          expect(text, `${transport}: ${query}`).toMatch(/introspection/i);
          expect(text).not.toMatch(/"data"\s*:\s*\{/);
        }
      }
      expect(JSON.parse(await post(s, '{ __typename }'))).toEqual({ data: { __typename: 'Query' } });
    });

    it('does not serve GraphiQL', async () => {
      const page = await graphiql(s);
      expect(page.html).not.toMatch(/renderYogaGraphiQL|graphiql/i);
    });

    it('leaks no names through "Did you mean" hints, on any transport', async () => {
      for (const { query, variables, leak } of probes) {
        for (const [transport, text] of Object.entries(await everywhere(s, query, variables))) {
          if (!text) continue;
          expect(text, `${transport}: ${query}`).toMatch(/error/i);
          expect(text, `${transport}: ${query}`).not.toMatch(/Did you mean/);
          expect(text, `${transport}: ${query}`).not.toContain(leak);
        }
      }
    });
  });

  describe('NODE_ENV=production with GRAPHIQL=on', () => {
    let s: Stack;
    beforeAll(async () => {
      s = await startStack({ NODE_ENV: 'production', GRAPHIQL: 'on' });
    });
    afterAll(() => s.close());

    it('serves GraphiQL and introspection (HTTP, SSE and graphql-ws) again, hints included', async () => {
      expect((await graphiql(s)).html).toMatch(/renderYogaGraphiQL/);
      const answers = await everywhere(s, '{ __type(name: "Viewer") { name } }');
      for (const [transport, text] of Object.entries(answers)) expect(text, transport).toContain('{"data":{"__type":{"name":"Viewer"}}}');
      for (const { query, variables, leak } of probes) expect(await post(s, query, variables), query).toMatch(new RegExp(`Did you mean [^?]*${leak}`));
    });
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let s: Stack;
  const token = 'metrics-0123456789abcdef';
  beforeAll(async () => {
    s = await startStack({ METRICS_TOKEN: token });
  });
  afterAll(() => s.close());

  it('refuses a wrong token of the same length, and the token sent as an API key', async () => {
    const metrics = (headers: Record<string, string>) => fetch(`${s.origin}/metrics`, { headers }).then(async (r) => (await r.arrayBuffer(), r.status));
    expect(await metrics({ authorization: `Bearer ${token.slice(0, -1)}0` })).toBe(401);
    expect(await metrics({ 'x-api-key': token })).toBe(401);
    expect(await metrics({ authorization: `Bearer ${token}` })).toBe(200);
  });
});
