import type { Redis } from 'ioredis';
import { createFeishuClient, FeishuError, LocalWriteQueue, MemoryThrottleStore, RedisThrottleStore, RedisWriteLock, type FeishuClientOptions, type ThrottleStore } from '../feishu/index.js';
import type { Metrics } from './metrics.js';
import { checkRedis } from './redis.js';
import { feishuIdentity, type FeishuHandle, type Identity } from '../schema/context.js';

/** The gateway's one link to Feishu: per-request handles for resolvers and the readiness check. */
export interface Upstream {
  /** The Feishu handle for one operation, bound to its identity and abort signal; the client's log lines name its request id. */
  feishuFor(identity: Identity, signal?: AbortSignal, requestId?: string): FeishuHandle;
  /**
   * Resolves when Feishu answers and accepts the app's credentials; rejects with the reason.
   * It makes a real round trip on every call (a cached token would hide an outage from `/ready`).
   */
  checkUpstream(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Feishu client's settings the gateway passes through. Besides the credentials, `throttle`
 * (`documented`, the default, keeps every endpoint under Feishu's pinned QPS; `off` sends at once
 * and leaves rate limits to Feishu's 429 / 1254290 and the retries) and `retry` (attempts and
 * backoff, `DEFAULT_RETRY` unless given) are for tests and benchmarks: the control run of the
 * throttle test turns the throttle off, and the resilience tests shorten the backoff.
 * Likewise `circuitBreaker` (the host's breaker, on with its defaults unless given) and
 * `dispatcher` (short socket timeouts) are for tests.
 */
export interface UpstreamOptions
  extends Pick<FeishuClientOptions, 'baseUrl' | 'appId' | 'appSecret' | 'maxThrottleWaitMs' | 'onCall' | 'logger' | 'throttle' | 'throttleMarginMs' | 'retry' | 'circuitBreaker' | 'dispatcher'> {
  /** The readiness probe's limit: it must not hang. */
  readyTimeoutMs?: number;
  /**
   * With REDIS_URL: the per-table write lock and the throttle budget span replicas (Feishu counts
   * calls per app, whichever replica sends them), and `/ready` needs Redis too.
   */
  redis?: { client: Redis; keyPrefix: string };
  /** The gateway's metrics: every HTTP attempt to Feishu and every call the throttle refuses. */
  metrics?: Pick<Metrics, 'upstreamCall' | 'throttleRefused' | 'circuitState' | 'circuitRefused'>;
}

export function createUpstream({ readyTimeoutMs = 5_000, redis, metrics, ...options }: UpstreamOptions): Upstream {
  const writeQueue = new LocalWriteQueue(redis ? new RedisWriteLock(redis.client, { prefix: redis.keyPrefix }) : undefined);
  const store = redis ? new RedisThrottleStore(redis.client, { prefix: redis.keyPrefix, appId: options.appId }) : new MemoryThrottleStore();
  const { onCall, circuitBreaker } = options;
  const client = createFeishuClient({
    ...options,
    circuitBreaker: circuitBreaker === false || !metrics ? circuitBreaker : countingCircuit(circuitBreaker ?? {}, metrics),
    writeQueue,
    throttleStore: metrics ? countingRefusals(store, metrics) : store,
    onCall: metrics
      ? (call) => {
          onCall?.(call);
          metrics.upstreamCall(call);
        }
      : onCall,
  });
  return {
    feishuFor: (identity, signal, requestId) => client.as(feishuIdentity(identity), { signal, requestId }),
    checkUpstream: async () => {
      await Promise.all([
        client.checkCredentials(AbortSignal.timeout(readyTimeoutMs)).catch((err) => {
          throw new Error(readinessReason(err, options.baseUrl));
        }),
        redis && checkRedis(redis.client),
      ]);
    },
    // The upstream owns the Redis client it was given: stopping the gateway closes it.
    close: async () => {
      await client.close();
      await redis?.client.quit().catch(() => redis.client.disconnect());
    },
  };
}

/** The store, with its refusals counted (a refused call makes no HTTP attempt, so `onCall` never sees it). */
function countingRefusals(store: ThrottleStore, metrics: Pick<Metrics, 'throttleRefused'>): ThrottleStore {
  return {
    reserve: async (budgets, maxWaitMs) => {
      const r = await store.reserve(budgets, maxWaitMs);
      if (!r.ok) metrics.throttleRefused();
      return r;
    },
  };
}

/** The breaker's hooks, with its state and refusals reported to the metrics too. */
function countingCircuit(circuit: NonNullable<Exclude<UpstreamOptions['circuitBreaker'], false>>, metrics: Pick<Metrics, 'circuitState' | 'circuitRefused'>) {
  return {
    ...circuit,
    onStateChange: (...args: Parameters<NonNullable<typeof circuit.onStateChange>>) => {
      metrics.circuitState(args[0], args[1]);
      circuit.onStateChange?.(...args);
    },
    onRefused: (host: string) => {
      metrics.circuitRefused(host);
      circuit.onRefused?.(host);
    },
  };
}

/** Why `/ready` fails, in a few words: unreachable (and how), the circuit open, or the credentials refused. */
function readinessReason(err: unknown, baseUrl: string): string {
  if ((err as Error)?.name === 'TimeoutError') return `Feishu is unreachable at ${baseUrl}: timed out`;
  if (!(err instanceof FeishuError)) return `Feishu check failed: ${(err as Error)?.message ?? String(err)}`;
  if (err.circuitOpen) return `Feishu is unavailable: ${err.msg}`;
  if (err.code === null) return `Feishu is unreachable at ${baseUrl}: ${err.network ?? (err.timedOut ? 'timed out' : err.msg)}`;
  return `Feishu refused the app credentials (code ${err.code}: ${err.msg})`;
}
