import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/config.js';
import { ViewerDocument } from '../gql/graphql.js';
import { execute } from '../helpers/graphql.js';
import { API_KEY, startStack, wsRequest, type Stack } from './harness.js';

/** test/operations/viewer.graphql, as text for the raw HTTP and graphql-ws requests. */
const VIEWER = ViewerDocument.toString();

describe('identity over HTTP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('acts as the app with an API key', async () => {
    const res = await stack.post(VIEWER, { 'x-api-key': API_KEY });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { viewer: { kind: 'APP', appId: stack.emu.rt.appId } } });
  });

  it('acts as a user with a user token', async () => {
    const result = await execute(stack.url, ViewerDocument, {}, { authorization: 'Bearer u-demo-alice' });
    expect(result).toEqual({ data: { viewer: { kind: 'USER', appId: stack.emu.rt.appId } } });
  });

  it.each([
    ['no credentials', {}, /no credentials/],
    ['a wrong API key', { 'x-api-key': 'not-the-key' }, /unknown API key/],
    ['an empty API key', { 'x-api-key': '' }, /no credentials/],
    ['a tenant token as bearer', { authorization: 'Bearer t-g1044ghJQUIOJGTK' }, /user token/],
    ['a non-bearer authorization', { authorization: 'Basic dXNlcjpwYXNz' }, /user token/],
    ['both an API key and a user token', { 'x-api-key': API_KEY, authorization: 'Bearer u-demo-alice' }, /not both/],
  ])('refuses %s with 401 UNAUTHENTICATED, before parsing', async (_name, headers, message) => {
    // An invalid field would be a validation error if the operation got as far as parsing.
    for (const query of [VIEWER, '{ nope }']) {
      const res = await stack.post(query, headers as Record<string, string>);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(res.body.errors[0].message).toMatch(message);
    }
    expect(stack.emu.log.entries).toEqual([]); // nothing went upstream
  });
});

describe('identity configuration', () => {
  it('accepts keys given as sha256 hashes', async () => {
    const stack = await startStack({ GATEWAY_API_KEYS: '', GATEWAY_API_KEY_HASHES: `${sha256Hex('other')},${sha256Hex('hashed-key').toUpperCase()}` });
    try {
      expect((await stack.post(VIEWER, { 'x-api-key': 'hashed-key' })).body.data.viewer.kind).toBe('APP');
      expect((await stack.post(VIEWER, { 'x-api-key': 'other' })).body.data.viewer.kind).toBe('APP');
      expect((await stack.post(VIEWER, { 'x-api-key': API_KEY })).status).toBe(401);
    } finally {
      await stack.close();
    }
  });

  it('with no keys configured, refuses every API key and still takes user tokens', async () => {
    const stack = await startStack({ GATEWAY_API_KEYS: '' });
    try {
      const res = await stack.post(VIEWER, { 'x-api-key': API_KEY });
      expect(res.status).toBe(401);
      expect(res.body.errors[0].message).toMatch(/GATEWAY_API_KEYS/);
      expect((await stack.post(VIEWER, { authorization: 'Bearer u-demo-bob' })).body.data.viewer.kind).toBe('USER');
    } finally {
      await stack.close();
    }
  });
});

describe('identity over graphql-ws', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('runs a query with the API key in connectionParams', async () => {
    const result = await wsRequest(stack.ws({ 'x-api-key': API_KEY }), { query: VIEWER });
    expect(result).toEqual({ data: { viewer: { kind: 'APP', appId: stack.emu.rt.appId } } });
  });

  it('takes a user token from connectionParams', async () => {
    const result = await wsRequest(stack.ws({ Authorization: 'Bearer u-demo-alice' }), { query: '{ viewer { kind } }' });
    expect(result).toEqual({ data: { viewer: { kind: 'USER' } } });
  });

  it("takes the subscribe payload's extensions.headers (what GraphiQL sends) over connectionParams", async () => {
    const client = stack.ws({ 'x-api-key': API_KEY });
    const asUser = await wsRequest(client, { query: '{ viewer { kind } }', extensions: { headers: { authorization: 'Bearer u-demo-carol' } } });
    expect(asUser).toEqual({ data: { viewer: { kind: 'USER' } } });
    const asApp = await wsRequest(client, { query: '{ viewer { kind } }', extensions: { headers: {} } });
    expect(asApp).toEqual({ data: { viewer: { kind: 'APP' } } });
  });

  it.each([
    ['no credentials', undefined, /no credentials/],
    ['a wrong API key', { 'x-api-key': 'wrong' }, /unknown API key/],
  ])('refuses %s with UNAUTHENTICATED and keeps the connection', async (_name, params, message) => {
    const client = stack.ws(params);
    const result = await wsRequest(client, { query: '{ viewer { kind } }' });
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }]);
    // The same socket still serves an operation that brings credentials.
    const again = await wsRequest(client, { query: '{ viewer { kind } }', extensions: { headers: { 'x-api-key': API_KEY } } });
    expect(again).toEqual({ data: { viewer: { kind: 'APP' } } });
  });

  it('reports validation errors for an identified operation', async () => {
    const result = await wsRequest(stack.ws({ 'x-api-key': API_KEY }), { query: '{ viewer { nope } }' });
    expect(result.errors?.[0].message).toMatch(/Cannot query field "nope"/);
  });
});
