import type { Redis } from 'ioredis';
import type { YogaLogger } from 'graphql-yoga';
import { requireFeishuCredentials, type Config } from '../config.js';
import { createEventRuntime, type EventRuntime, type EventRuntimeOptions, type IngestOutcome } from '../events/index.js';
import type { Metrics } from './metrics.js';
import type { Upstream } from './upstream.js';

/**
 * Which events room a gateway runs with, per FEISHU_EVENT_MODE:
 * - `long-connection` (the default): the bus, drive subscriptions and the long-connection client,
 *   which dials Feishu at once (FEISHU_APP_ID/SECRET, FEISHU_BASE_URL, or `credentials`) and
 *   keeps reconnecting; no public endpoint is needed, and `/webhook/event` answers 404;
 * - `webhook`: the bus, drive subscriptions and the `POST /webhook/event` receiver;
 * - `off`: without events (subscriptions are refused with a reason).
 * With REDIS_URL the bus and de-duplication live in Redis (`redis`, the gateway's connection).
 */
export function eventRuntimeFor(opts: {
  config: Config;
  appId: string;
  upstream: Pick<Upstream, 'feishuFor'>;
  redis?: Redis;
  logger: YogaLogger;
  /** The app's credentials for the long connection; default: the configuration's (serve, demo). */
  credentials?: { baseUrl: string; appId: string; appSecret: string };
  /** Counts events received, de-duplicated and published (`/metrics`). */
  metrics?: Pick<Metrics, 'event'>;
  /** Long-connection options for tests (short reconnect waits, withheld ACKs). */
  longConnection?: Omit<NonNullable<EventRuntimeOptions['longConnection']>, 'baseUrl' | 'appId' | 'appSecret'>;
}): EventRuntime | undefined {
  const { config, appId, upstream, redis, logger, metrics } = opts;
  const { mode, encryptKey, verificationToken } = config.events;
  if (mode === 'off') return undefined;
  const base = {
    config,
    appId,
    feishu: upstream.feishuFor({ kind: 'APP', appId }),
    redis,
    logger: { debug: (msg: string) => logger.debug(msg), info: (msg: string) => logger.info(msg), warn: (msg: string) => logger.warn(msg), error: (msg: string) => logger.error(msg) },
    onOutcome: metrics && ((outcome: IngestOutcome) => {
      if (outcome === 'ignored') return;
      metrics.event('received');
      if (outcome === 'duplicate' || outcome === 'published') metrics.event(outcome);
    }),
  };
  if (mode === 'long-connection') {
    const credentials = opts.credentials ?? requireFeishuCredentials(config);
    return createEventRuntime({ ...base, longConnection: { ...opts.longConnection, ...credentials } });
  }
  if (!encryptKey && !verificationToken) {
    logger.warn('FEISHU_EVENT_MODE=webhook without FEISHU_ENCRYPT_KEY or FEISHU_VERIFICATION_TOKEN: anyone who reaches /webhook/event can inject events');
  } else if (!encryptKey) {
    logger.warn('FEISHU_EVENT_MODE=webhook without FEISHU_ENCRYPT_KEY: webhook bodies are neither encrypted nor signed, only the verification token is checked');
  }
  return createEventRuntime(base);
}
