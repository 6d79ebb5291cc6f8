import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { sha256Hex } from '../config.js';
import type { Context } from '../schema/context.js';
import { gatewayError } from '../schema/errors.js';
import type { ClientSpendStore } from './clientSpendStore.js';
import { estimatedCallsOf } from './useQueryCost.js';

const WINDOW_MS = 60_000;

/**
 * Per-client allowance in estimated Feishu calls a minute (CLIENT_CALLS_PER_MINUTE): the threat is
 * one client burning the app's Feishu quota, so an operation spends what useQueryCost estimated,
 * and one that costs nothing (`viewer`, `__typename`) never touches the store. A client is its API
 * key or its user token, known only by a sha256 digest. Over the allowance: `RATE_LIMITED` with
 * `retryAfter` (whole seconds) and HTTP 429 `Retry-After`, before execution, so before any Feishu
 * call. With REDIS_URL the store is Redis, shared by every replica; if Redis does not answer the
 * operation is refused `UPSTREAM_UNAVAILABLE` (never an unshared allowance instead).
 */
export function useClientRateLimit(opts: { perMinute: number; store: ClientSpendStore }): Plugin {
  const { perMinute, store } = opts;
  const check = async (args: ExecutionArgs, stop: (result: ExecutionResult) => void): Promise<void> => {
    const cost = estimatedCallsOf(args.contextValue as object);
    if (!cost) return;
    const client = clientOf(args.contextValue as Context);
    if (!client) return;
    let spend;
    try {
      spend = await store.spend(client, cost, perMinute, WINDOW_MS);
    } catch {
      stop({ errors: [gatewayError('UPSTREAM_UNAVAILABLE', 'the per-client rate limit cannot be checked: Redis is unreachable')] });
      return;
    }
    if (spend.ok) return;
    const retryAfter = Math.max(1, Math.ceil(spend.retryAfterMs / 1000));
    const message = `this client spent ${spend.used} of its ${perMinute} estimated Feishu calls a minute (CLIENT_CALLS_PER_MINUTE); the operation would cost about ${cost}: retry in ${retryAfter} s`;
    stop({ errors: [gatewayError('RATE_LIMITED', message, { retryAfter, http: { status: 429, headers: { 'Retry-After': String(retryAfter) } } })] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
  };
}

/** `user:<sha256 of the token>` or `key:<sha256 of the API key>`, as the identity was settled. */
function clientOf({ identity }: Context): string | undefined {
  if (identity.kind === 'USER') return `user:${sha256Hex(identity.userAccessToken)}`;
  return identity.keyDigest && `key:${identity.keyDigest}`;
}
