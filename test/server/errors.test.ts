import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { createMaskError, feishuError, isFeishuFailure, type FeishuFailure } from '../../src/schema/errors.js';
import { createLogger } from '../../src/server/logger.js';
import { createRedactor } from '../../src/feishu/index.js';

const TENANT_TOKEN = 't-g1044ghJQUIOJGTKTSAMPLE0123456789';
const USER_TOKEN = 'u-3Ko2ThisIsAUserToken0123456789';
const silent = createLogger('silent');

describe('Feishu failure -> GraphQL error', () => {
  it.each<[FeishuFailure, string]>([
    [{ kind: 'auth', code: 99991668, msg: 'Invalid access token for authorization.' }, 'UNAUTHENTICATED'],
    [{ kind: 'auth', code: 99991677, msg: 'token expire' }, 'UNAUTHENTICATED'],
    [{ kind: 'auth', code: 99991672, msg: 'Access denied. One of the following scopes is required' }, 'FORBIDDEN'],
    [{ kind: 'auth', code: 99991679, msg: 'Unauthorized' }, 'FORBIDDEN'],
    [{ kind: 'auth', code: 10014, msg: 'app secret invalid' }, 'UPSTREAM_ERROR'],
    [{ kind: 'auth', code: 99991663, msg: 'Invalid access token for authorization' }, 'UPSTREAM_ERROR'],
    [{ kind: 'permission', code: 99991672, msg: 'Access denied' }, 'FORBIDDEN'],
    [{ kind: 'permission', code: 1254302, msg: 'Permission denied' }, 'FORBIDDEN'],
    [{ kind: 'not-found', code: 1254040, msg: 'BaseTokenNotFound' }, 'NOT_FOUND'],
    [{ kind: 'invalid', code: 1254018, msg: 'InvalidFilter' }, 'BAD_USER_INPUT'],
    [{ kind: 'rate-limited', code: 99991400, msg: 'request trigger frequency limit', retryAfterMs: 2500 }, 'RATE_LIMITED'],
    [{ kind: 'conflict', code: 1254291, msg: 'Write conflict' }, 'CONFLICT'],
    [{ kind: 'transient', code: 1255040, msg: 'timeout' }, 'UPSTREAM_UNAVAILABLE'],
    [{ kind: 'transient', code: null, msg: 'connect ECONNREFUSED', logId: null }, 'UPSTREAM_UNAVAILABLE'],
    [{ kind: 'timeout' }, 'TIMEOUT'],
    [{ kind: 'unknown', code: 1254000, msg: 'WrongRequestJson' }, 'UPSTREAM_ERROR'],
    [{ kind: 'something-new', code: 1 }, 'UPSTREAM_ERROR'],
  ])('%j -> %s', (failure, code) => {
    const error = feishuError(failure);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions.code).toBe(code);
    if (typeof failure.code !== 'number') expect(error.extensions.feishu).toBeUndefined();
    else expect(error.extensions.feishu).toEqual({ code: failure.code, msg: failure.msg ?? '', logId: null });
  });

  it('carries Feishu code, msg and log id, and keeps the path of the field that failed', () => {
    const at = new GraphQLError('x', { path: ['app', 'tables'] });
    const error = feishuError({ kind: 'not-found', code: 1254040, msg: 'BaseTokenNotFound', logId: '20260101abc' }, at);
    expect(error.toJSON()).toEqual({
      message: 'Feishu has no such object: BaseTokenNotFound (Feishu code 1254040)',
      path: ['app', 'tables'],
      extensions: { code: 'NOT_FOUND', feishu: { code: 1254040, msg: 'BaseTokenNotFound', logId: '20260101abc' } },
    });
  });

  it('RATE_LIMITED carries retryAfter in whole seconds and the HTTP Retry-After header', () => {
    const error = feishuError({ kind: 'rate-limited', code: 1254290, msg: 'TooManyRequest', retryAfterMs: 2001 });
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 3, http: { headers: { 'Retry-After': '3' } } });
    expect(feishuError({ kind: 'rate-limited', code: 99991400 }).extensions.retryAfter).toBe(1);
  });

  it('UPSTREAM_UNAVAILABLE carries retryAfter and Retry-After only when the wait is known (an open circuit)', () => {
    const open = feishuError({ kind: 'transient', code: null, msg: 'circuit open', retryAfterMs: 4200 });
    expect(open.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfter: 5, http: { headers: { 'Retry-After': '5' } } });
    const down = feishuError({ kind: 'transient', code: 1255001, msg: 'InternalError' });
    expect(down.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(down.extensions.retryAfter).toBeUndefined();
    expect(down.extensions.http).toBeUndefined();
  });

  it('recognises failures by shape, never GraphQL errors or plain errors', () => {
    expect(isFeishuFailure({ kind: 'auth', code: 1 })).toBe(true);
    expect(isFeishuFailure({ kind: 'transient', code: null, logId: null })).toBe(true);
    expect(isFeishuFailure(Object.assign(new Error('x'), { kind: 'transient' }))).toBe(true);
    expect(isFeishuFailure(new Error('x'))).toBe(false);
    expect(isFeishuFailure(new GraphQLError('x', { extensions: { kind: 'auth' } }))).toBe(false);
    expect(isFeishuFailure({ kind: 'auth', code: '1' })).toBe(false);
  });
});

describe('masking', () => {
  const mask = createMaskError(silent, createRedactor(['app-secret-value-123']));
  const wrapped = (original: unknown) => new GraphQLError('resolver failed', { path: ['viewer'], originalError: original as Error });

  it('maps a Feishu failure thrown in a resolver', () => {
    const failure = Object.assign(new Error('feishu'), { kind: 'permission', code: 1254302, msg: 'Permission denied', logId: 'L1' });
    const error = mask(wrapped(failure)) as GraphQLError;
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', feishu: { code: 1254302, msg: 'Permission denied', logId: 'L1' } });
    expect(error.path).toEqual(['viewer']);
  });

  it("passes the gateway's own GraphQL errors", () => {
    const own = new GraphQLError('needs a user token', { extensions: { code: 'FORBIDDEN' } });
    expect(mask(own)).toBe(own);
    const located = wrapped(own);
    expect(mask(located)).toBe(located);
  });

  it('hides anything else as INTERNAL_SERVER_ERROR', () => {
    const error = mask(wrapped(new TypeError('cannot read x of undefined'))) as GraphQLError;
    expect(error.toJSON()).toEqual({ message: 'Unexpected error.', path: ['viewer'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('lets no secret, token or stack reach the client or the log', () => {
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (writes.push(String(chunk)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (writes.push(String(chunk)), true));
    const redact = createRedactor(['app-secret-value-123']);
    const logging = createMaskError(createLogger('debug', redact), redact);

    const leaky = new Error(`call with app_secret=app-secret-value-123 and Authorization: Bearer ${TENANT_TOKEN} failed`);
    const bug = logging(wrapped(leaky)) as GraphQLError;
    const feishu = logging(
      wrapped({ kind: 'auth', code: 99991668, msg: `Invalid access token ${USER_TOKEN} (secret app-secret-value-123)`, logId: 'L2', stack: 'Error\n    at secret (/srv/app.ts:1:1)' }),
    ) as GraphQLError;

    const client = JSON.stringify([bug.toJSON(), feishu.toJSON()]);
    const log = writes.join('');
    expect(log).toMatch(/unexpected error at viewer: Error: call with/);
    for (const text of [client, log]) {
      for (const secret of ['app-secret-value-123', TENANT_TOKEN, USER_TOKEN, 'g1044ghJQ', '/srv/app.ts', '    at ']) expect(text).not.toContain(secret);
    }
    expect(feishu.extensions).toMatchObject({ code: 'UNAUTHENTICATED', feishu: { code: 99991668, logId: 'L2' } });
  });
});
