import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Identity } from '../schema/context.js';

/**
 * Who a request runs as (API.md, operations contract): `X-Api-Key` acts as the app, an
 * `Authorization: Bearer u-…` user_access_token as that user. Over graphql-ws the same two
 * names come in `connectionParams` or the subscribe payload's `extensions.headers`.
 */
export interface Credentials {
  apiKey?: string;
  authorization?: string;
}

export type Identify = (credentials: Credentials) => Identity;

/** Reads the two credential names from a header bag or a plain object, case-insensitively. */
export function credentialsFrom(source: Headers | Record<string, unknown> | null | undefined): Credentials {
  if (!source) return {};
  if (typeof (source as Headers).get === 'function') {
    const headers = source as Headers;
    return { apiKey: headers.get('x-api-key') ?? undefined, authorization: headers.get('authorization') ?? undefined };
  }
  const found: Credentials = {};
  for (const [name, value] of Object.entries(source)) {
    if (typeof value !== 'string') continue;
    const key = name.toLowerCase();
    if (key === 'x-api-key') found.apiKey = value;
    else if (key === 'authorization') found.authorization = value;
  }
  return found;
}

export const hasCredentials = (c: Credentials): boolean => !!(c.apiKey?.trim() || c.authorization?.trim());

/** `UNAUTHENTICATED`, HTTP 401 when the request came over HTTP. */
export const unauthenticated = (message: string) =>
  new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });

const HOW = 'send X-Api-Key: <key> to act as the app, or Authorization: Bearer <user_access_token> to act as a Feishu user';

/**
 * Makes the identity check. Keys are known only by their sha256 digests; a presented key is
 * hashed and compared with every digest in constant time, so timing tells nothing about which
 * or how much of a key matched.
 */
export function createIdentify(opts: { appId: string; apiKeyHashes: string[] }): Identify {
  const digests = opts.apiKeyHashes.map((hex) => Buffer.from(hex, 'hex'));
  /** The key's digest when it is a known key. */
  const knownKey = (key: string): Buffer | undefined => {
    const presented = createHash('sha256').update(key, 'utf8').digest();
    let match = false;
    for (const digest of digests) match = timingSafeEqual(digest, presented) || match;
    return match ? presented : undefined;
  };

  return ({ apiKey, authorization }) => {
    const key = apiKey?.trim();
    const auth = authorization?.trim();
    if (key && auth) throw unauthenticated('send X-Api-Key (the app) or Authorization (a user), not both');
    if (auth) {
      const token = /^Bearer\s+(u-\S+)$/i.exec(auth)?.[1];
      if (!token) throw unauthenticated('Authorization must be "Bearer <user_access_token>", a Feishu user token (u-…)');
      return { kind: 'USER', appId: opts.appId, userAccessToken: token };
    }
    if (key) {
      if (digests.length === 0) throw unauthenticated('acting as the app is off: the gateway has no API keys (GATEWAY_API_KEYS)');
      const known = knownKey(key);
      if (!known) throw unauthenticated('unknown API key');
      return { kind: 'APP', appId: opts.appId, keyDigest: known.toString('hex') };
    }
    throw unauthenticated(`no credentials: ${HOW}`);
  };
}
