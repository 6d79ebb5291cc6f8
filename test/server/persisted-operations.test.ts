import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createGateway } from '../../src/server/gateway.js';
import { AppNameDocument, ViewerDocument } from '../gql/graphql.js';
import { API_KEY, startStack, wsRequest, type Stack } from './harness.js';

/** PERSISTED_OPERATIONS over every transport, with the allow-list codegen writes for test/operations. */

const ALLOW_LIST = fileURLToPath(new URL('../gql/persisted-documents.json', import.meta.url));
const DEMO_APP = 'bascnPLIgpJjLoKFh1q26hd49nx';
const asApp = { 'x-api-key': API_KEY };
// The id a codegen client sends is the one its typed document carries.
const viewerId: string = ViewerDocument.__meta__!.hash;
const appNameId: string = AppNameDocument.__meta__!.hash;
const ARBITRARY = `{ app(appToken: "${DEMO_APP}") { name } }`;

async function body(res: Response) {
  return { status: res.status, body: (await res.json()) as any };
}
const post = (s: Stack, params: Record<string, unknown>, headers: Record<string, string> = asApp) =>
  fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(params) }).then(body);
const get = (s: Stack, params: Record<string, string>) =>
  fetch(`${s.url}?${new URLSearchParams(params)}`, { headers: { ...asApp, 'x-graphql-yoga-csrf': '1' } }).then(body);
/** GraphQL over SSE: the data of its first `next` event. */
async function sse(s: Stack, params: Record<string, unknown>) {
  const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...asApp }, body: JSON.stringify(params) });
  const data = /^data: (.*)$/m.exec(await res.text())?.[1];
  return { status: res.status, body: JSON.parse(data ?? 'null') };
}
async function upstreamCalls(s: Stack): Promise<number> {
  return ((await (await fetch(`${s.emu.url}/__emulator/requests`)).json()) as unknown[]).length;
}
const refused = (code: string) => ({ errors: [expect.objectContaining({ extensions: { code } })] });

describe('PERSISTED_OPERATIONS=only', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_FILE: ALLOW_LIST }, {}, { seed: 'demo' });
  });
  afterAll(() => s.close());

  it('runs an allow-listed operation by documentId (bare or sha256:-prefixed) and by APQ hash, over POST', async () => {
    expect(await post(s, { documentId: viewerId })).toEqual({ status: 200, body: { data: { viewer: { kind: 'APP', appId: s.emu.rt.appId } } } });
    expect((await post(s, { documentId: `sha256:${viewerId}` })).body.data.viewer.kind).toBe('APP');
    const apq = await post(s, { extensions: { persistedQuery: { version: 1, sha256Hash: appNameId } }, variables: { appToken: DEMO_APP } });
    expect(apq.body).toEqual({ data: { app: { appToken: DEMO_APP, name: expect.any(String) } } });
  });

  it('runs it over GET, SSE and graphql-ws too', async () => {
    expect((await get(s, { documentId: appNameId, variables: JSON.stringify({ appToken: DEMO_APP }) })).body.data.app.appToken).toBe(DEMO_APP);
    expect((await get(s, { extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: viewerId } }) })).body.data.viewer.kind).toBe('APP');
    expect((await sse(s, { documentId: viewerId })).body).toEqual({ data: { viewer: { kind: 'APP', appId: s.emu.rt.appId } } });
    const ws = s.ws({ 'x-api-key': API_KEY });
    expect(await wsRequest(ws, { query: '', documentId: viewerId } as never)).toEqual({ data: { viewer: { kind: 'APP', appId: s.emu.rt.appId } } });
    expect((await wsRequest(ws, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: viewerId } } })).data.viewer.kind).toBe('APP');
  });

  it('refuses a document sent in full with PERSISTED_QUERY_REQUIRED on every transport, with no upstream call', async () => {
    const before = await upstreamCalls(s);
    const http = await post(s, { query: ARBITRARY });
    expect(http).toEqual({ status: 400, body: refused('PERSISTED_QUERY_REQUIRED') });
    expect(http.body.errors[0].message).toMatch(/persisted operations only/);
    // An allow-listed id does not let a document of the sender's choosing ride along.
    expect(await post(s, { query: ARBITRARY, documentId: appNameId, variables: { appToken: DEMO_APP } })).toEqual({ status: 400, body: refused('PERSISTED_QUERY_REQUIRED') });
    expect((await get(s, { query: ARBITRARY })).body).toEqual(refused('PERSISTED_QUERY_REQUIRED'));
    expect((await sse(s, { query: ARBITRARY })).body).toEqual(refused('PERSISTED_QUERY_REQUIRED'));
    const ws = s.ws({ 'x-api-key': API_KEY });
    expect(await wsRequest(ws, { query: ARBITRARY })).toEqual(refused('PERSISTED_QUERY_REQUIRED'));
    expect(await wsRequest(ws, { query: 'subscription { messageReceived { id } }' })).toEqual(refused('PERSISTED_QUERY_REQUIRED'));
    expect(await upstreamCalls(s)).toBe(before);
  });

  it('refuses before parsing: a document that is not even GraphQL gets the same refusal, not a syntax error', async () => {
    expect(await post(s, { query: '{ this is not graphql' })).toEqual({ status: 400, body: refused('PERSISTED_QUERY_REQUIRED') });
    expect(await wsRequest(s.ws({ 'x-api-key': API_KEY }), { query: '{ nope(' })).toEqual(refused('PERSISTED_QUERY_REQUIRED'));
  });

  it('refuses an unknown id with PERSISTED_QUERY_NOT_FOUND, and a request with neither id nor document', async () => {
    const unknown = 'f'.repeat(64);
    expect(await post(s, { documentId: unknown })).toEqual({ status: 400, body: refused('PERSISTED_QUERY_NOT_FOUND') });
    expect((await get(s, { documentId: unknown })).body).toEqual(refused('PERSISTED_QUERY_NOT_FOUND'));
    expect(await wsRequest(s.ws({ 'x-api-key': API_KEY }), { query: '', documentId: unknown } as never)).toEqual(refused('PERSISTED_QUERY_NOT_FOUND'));
    expect(await post(s, { variables: {} })).toEqual({ status: 400, body: refused('PERSISTED_QUERY_REQUIRED') });
  });

  it('still asks for credentials first: an allow-listed id without them is UNAUTHENTICATED', async () => {
    expect(await post(s, { documentId: viewerId }, {})).toEqual({ status: 401, body: refused('UNAUTHENTICATED') });
    expect(await wsRequest(s.ws({}), { query: '', documentId: viewerId } as never)).toEqual(refused('UNAUTHENTICATED'));
  });
});

describe('PERSISTED_OPERATIONS=allow', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ PERSISTED_OPERATIONS: 'allow', PERSISTED_OPERATIONS_FILE: ALLOW_LIST });
  });
  afterAll(() => s.close());

  it('runs ids and documents alike, and refuses an unknown id', async () => {
    expect((await post(s, { documentId: viewerId })).body.data.viewer.kind).toBe('APP');
    expect((await post(s, { query: '{ viewer { kind } }' })).body).toEqual({ data: { viewer: { kind: 'APP' } } });
    const ws = s.ws({ 'x-api-key': API_KEY });
    expect(await wsRequest(ws, { query: '{ viewer { kind } }' })).toEqual({ data: { viewer: { kind: 'APP' } } });
    expect((await wsRequest(ws, { query: '', documentId: viewerId } as never)).data.viewer.kind).toBe('APP');
    expect(await post(s, { documentId: 'f'.repeat(64) })).toEqual({ status: 400, body: refused('PERSISTED_QUERY_NOT_FOUND') });
    expect(await post(s, {})).toEqual({ status: 400, body: refused('BAD_USER_INPUT') });
  });
});

describe('PERSISTED_OPERATIONS_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const start = (path: string) => () =>
    createGateway({ config: loadConfig({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_FILE: path, LOG_LEVEL: 'silent' }), appId: 'cli_x', upstream: { feishuFor: () => { throw new Error('unused'); }, checkUpstream: async () => undefined } });

  it('is required with allow or only', () => {
    for (const mode of ['allow', 'only']) expect(() => loadConfig({ PERSISTED_OPERATIONS: mode })).toThrow(new ConfigError(`PERSISTED_OPERATIONS_FILE is required when PERSISTED_OPERATIONS is ${mode} (the allow-list \`npm run codegen\` writes)`));
    expect(loadConfig({ PERSISTED_OPERATIONS_FILE: ALLOW_LIST }).persistedOperationsFile).toBeUndefined();
  });

  it('stops the start when missing, not JSON, not a map of documents, or out of step with the schema', () => {
    expect(start(join(dir, 'absent.json'))).toThrow(ConfigError);
    expect(start(join(dir, 'absent.json'))).toThrow(/absent\.json: no such file/);
    expect(start(file('garbage.json', '{ nope'))).toThrow(/garbage\.json: .*JSON/);
    expect(start(file('list.json', '["{ viewer { kind } }"]'))).toThrow(/must be a JSON object of id -> document/);
    expect(start(file('number.json', '{ "a": 1 }'))).toThrow(/the entry a is not a document string/);
    expect(start(file('stale.json', '{ "b": "{ viewer { kindOf } }" }'))).toThrow(/the operation b does not fit the schema: Cannot query field "kindOf".*npm run codegen/);
    expect(start(file('syntax.json', '{ "c": "{ viewer {" }'))).toThrow(/the operation c does not fit the schema: Syntax Error/);
  });
});
