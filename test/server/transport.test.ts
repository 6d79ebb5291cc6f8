import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builder } from '../../src/schema/builder.js';
import '../../src/schema/index.js';
import { API_KEY, startStack, wsRequest, type Stack } from './harness.js';

// Fields that fail on purpose, on a copy of the gateway's schema (this file's builder only).
builder.queryFields((t) => ({
  boom: t.string({
    resolve: () => {
      throw new Error('database password is app-secret-value-123');
    },
  }),
  limited: t.string({
    resolve: () => {
      throw Object.assign(new Error('rate limited'), { kind: 'rate-limited', code: 99991400, msg: 'request trigger frequency limit', logId: 'LOG1', retryAfterMs: 2100 });
    },
  }),
  userOnly: t.string({ authScopes: { user: true }, resolve: () => 'hello, user' }),
  capped: t.int({ args: { first: t.arg.int({ validate: z.number().max(500, 'first must be at most 500') }) }, resolve: (_r, { first }) => first ?? 20 }),
}));
const testSchema = builder.toSchema();

const asApp = { 'x-api-key': API_KEY };

describe('errors through the server', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ FEISHU_APP_SECRET: 'app-secret-value-123', FEISHU_APP_ID: 'cli_test' }, { schema: testSchema });
  });
  afterAll(() => stack.close());

  it('masks an unexpected error as INTERNAL_SERVER_ERROR, keeping the rest of the data', async () => {
    const res = await stack.post('{ boom viewer { kind } }', asApp);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { boom: null, viewer: { kind: 'APP' } },
      errors: [{ message: 'Unexpected error.', path: ['boom'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  });

  it('maps a Feishu rate limit to RATE_LIMITED with retryAfter and the Retry-After header', async () => {
    const res = await stack.post('{ limited }', asApp);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.body.errors[0].extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfter: 3,
      feishu: { code: 99991400, msg: 'request trigger frequency limit', logId: 'LOG1' },
    });
  });

  it('sends the same mapped error over graphql-ws, without the HTTP-only parts', async () => {
    const result = await wsRequest(stack.ws(asApp), { query: '{ limited }' });
    expect(result.errors?.[0].extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfter: 3,
      feishu: { code: 99991400, msg: 'request trigger frequency limit', logId: 'LOG1' },
    });
  });

  it('refuses a user-only field to the app with FORBIDDEN, saying a user token is needed', async () => {
    const app = await stack.post('{ userOnly }', asApp);
    expect(app.body.errors[0]).toMatchObject({
      message: 'Query.userOnly needs a user token: send Authorization: Bearer <user_access_token>',
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await stack.post('{ userOnly }', { authorization: 'Bearer u-demo-alice' })).body).toEqual({ data: { userOnly: 'hello, user' } });
  });

  it('reports argument validation as BAD_USER_INPUT with the argument path', async () => {
    const res = await stack.post('{ capped(first: 501) }', asApp);
    expect(res.body.errors[0]).toMatchObject({ message: 'first: first must be at most 500', extensions: { code: 'BAD_USER_INPUT', argumentPath: 'first' } });
  });
});

describe('HTTP guards', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ MAX_BODY_BYTES: '1000', CORS_ORIGINS: 'https://app.example' });
  });
  afterAll(() => stack.close());

  it('needs a CSRF header on GET operations', async () => {
    const url = `${stack.url}?query=${encodeURIComponent('{ viewer { kind } }')}`;
    expect((await fetch(url, { headers: asApp })).status).toBe(403);
    for (const header of ['x-graphql-yoga-csrf', 'apollo-require-preflight']) {
      const ok = await fetch(url, { headers: { ...asApp, [header]: '1' } });
      expect(await ok.json()).toEqual({ data: { viewer: { kind: 'APP' } } });
    }
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const res = await stack.post(`{ viewer { kind } } # ${'x'.repeat(2000)}`, asApp);
    expect(res.status).toBe(413);
    expect(res.body.errors[0]).toMatchObject({ message: expect.stringMatching(/MAX_BODY_BYTES 1000/), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('allows the CORS_ORIGINS only', async () => {
    const preflight = (origin: string) =>
      fetch(stack.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
    expect((await preflight('https://app.example')).headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});
