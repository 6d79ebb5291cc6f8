import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.js';
import { newId } from './ids.js';
import { Raw, post, type AuthMode, type Identity, type Route, type RouteContext } from './router.js';
import type { Runtime } from './runtime.js';
import type { TokenGrant } from './state.js';

/**
 * Tenant and app tokens (feishu-wire.md §1): a token lives `tokenTtlSeconds` (2 h); asking again
 * returns the same token until its last quarter of life (the last 30 min of 2 h), then a new one,
 * and the old one stays valid until it expires.
 */
function issue(rt: Runtime, grants: Record<string, TokenGrant>): { token: string; expire: number } {
  const now = rt.now();
  const ttlMs = rt.config.tokenTtlSeconds * 1000;
  for (const [token, g] of Object.entries(grants)) if (g.expiresAt <= now) delete grants[token];
  const newest = Object.entries(grants).sort((a, b) => b[1].expiresAt - a[1].expiresAt)[0];
  if (newest && newest[1].expiresAt - now >= ttlMs / 4) {
    // Rounded up: a token with 0.6 s left must not claim `expire: 0` (clients would refetch forever).
    return { token: newest[0], expire: Math.ceil((newest[1].expiresAt - now) / 1000) };
  }
  const token = newId.tenantToken();
  grants[token] = { expiresAt: now + ttlMs };
  rt.changed();
  return { token, expire: rt.config.tokenTtlSeconds };
}

/**
 * Credential failures answer HTTP 200 with a non-zero code: the official SDK's token manager is
 * built for that (it throws `failed to get tenant_access_token, code: …, msg: …`; a 4xx would
 * surface as a bare axios error). The live platform, as seen through that SDK message, answers
 * 10014 for an unknown app id and for a wrong secret, 10003 for missing fields; feishu-wire.md
 * §1.3's "10015 wrong app secret" is not what clients meet.
 */
function checkCredentials(ctx: RouteContext): void {
  const { app_id, app_secret } = ctx.body ?? {};
  if (typeof app_id !== 'string' || typeof app_secret !== 'string' || !app_id || !app_secret) {
    throw new ApiError(200, 10003, 'invalid param');
  }
  if (app_id !== ctx.rt.appId) throw new ApiError(200, 10014, 'app id not exists');
  if (app_secret !== ctx.rt.appSecret) throw new ApiError(200, 10014, 'app secret invalid');
}

export const authRoutes: Route[] = [
  post('/open-apis/auth/v3/tenant_access_token/internal', 'none', (ctx) => {
    checkCredentials(ctx);
    const { token, expire } = issue(ctx.rt, ctx.rt.state.tokens.tenant);
    return new Raw(200, { code: 0, msg: 'ok', tenant_access_token: token, expire });
  }),
  post('/open-apis/auth/v3/app_access_token/internal', 'none', (ctx) => {
    checkCredentials(ctx);
    const { token, expire } = issue(ctx.rt, ctx.rt.state.tokens.app);
    return new Raw(200, { code: 0, msg: 'ok', app_access_token: token, expire });
  }),
];

const tokenError = (code: number, msg: string) => new ApiError(400, code, msg);

/** Resolves the caller from `Authorization: Bearer …` for a route of the given mode. */
export function authenticate(rt: Runtime, req: IncomingMessage, mode: AuthMode): Identity {
  if (mode === 'none') return { kind: 'none' };
  const header = req.headers.authorization ?? '';
  const token = header.replace(/^Bearer(\s+|$)/i, '').trim(); // a bare `Bearer` is a missing token
  if (!token) throw tokenError(99991661, 'Missing access token for authorization. Please make a request with token attached.');
  const now = rt.now();
  if (token.startsWith('t-')) {
    const grant = rt.state.tokens.tenant[token];
    if (!grant || grant.expiresAt <= now) throw tokenError(99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    if (mode === 'user') throw tokenError(99991663, 'Invalid access token for authorization: this API accepts a user_access_token only.');
    return { kind: 'tenant' };
  }
  if (token.startsWith('u-')) {
    const grant = rt.state.tokens.user[token];
    if (!grant) throw tokenError(99991668, 'Invalid access token for authorization. Please make a request with token attached.');
    if (grant.expiresAt <= now) throw tokenError(99991677, 'user access token expire');
    if (mode === 'tenant') throw tokenError(99991668, 'Invalid access token for authorization: this API accepts a tenant_access_token only.');
    const user = rt.state.users[grant.openId];
    if (!user) throw tokenError(99991668, 'Invalid access token for authorization: the user no longer exists.');
    return { kind: 'user', user };
  }
  throw tokenError(99991671, 'Invalid token: must start with t- or u-');
}

/** A fresh user_access_token for a user (admin API). */
export function issueUserToken(rt: Runtime, openId: string): string {
  const token = newId.userToken();
  rt.state.tokens.user[token] = { openId, expiresAt: rt.now() + rt.config.tokenTtlSeconds * 1000 };
  rt.changed();
  return token;
}
