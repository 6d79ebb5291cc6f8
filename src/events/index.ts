import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { FeishuSession } from '../feishu/index.js';
import { memoryBus, redisBus, type Bus } from './bus.js';
import { memoryDedupe, redisDedupe } from './dedupe.js';
import { createDriveSubscriptions } from './driveSubscriptions.js';
import { createIngest, type Ingest, type IngestOptions } from './ingest.js';
import { createLongConnectionClient, type LongConnectionClient, type LongConnectionOptions } from './longConnection/index.js';
import { createWebhookReceiver, type EventsLogger, type WebhookHandler } from './webhook.js';
import type { EventServices } from './types.js';

/**
 * The events room assembled: bus, de-duplication, drive subscriptions, the one ingestion path
 * (ingest.ts) and the channels that feed it: the webhook receiver, and the long-connection
 * client when `longConnection` is given. In memory for one process or in Redis (REDIS_URL) for
 * several replicas. With REDIS_URL set the caller must hand over its Redis connection: there is
 * no silent fall-back to memory, which would split the replicas' buses without anyone noticing.
 */
export interface EventRuntimeOptions {
  config: Pick<Config, 'events' | 'redis'>;
  /** The Feishu app whose events these are (de-duplication keys carry it). */
  appId: string;
  /** Feishu as the app (tenant token): drive subscriptions are the app's. */
  feishu: Pick<FeishuSession, 'drive'>;
  /**
   * The gateway's Redis command connection (REDIS_URL): de-duplication and publishing use it,
   * and a duplicate of it becomes the bus's subscriber. Not closed by `close()`; its owner does.
   */
  redis?: Redis;
  logger?: EventsLogger;
  /**
   * FEISHU_EVENT_MODE=long-connection: the client's credentials and Feishu's origin (plus test
   * options); it dials at once, and its state joins `ready()`.
   */
  longConnection?: Omit<LongConnectionOptions, 'ingest' | 'logger'>;
  /** Told every event's outcome (metrics). */
  onOutcome?: IngestOptions['onOutcome'];
}

export interface EventRuntime {
  /** What the schema's subscriptions get through the context. */
  services: EventServices;
  /** `POST /webhook/event` (served only when FEISHU_EVENT_MODE=webhook). */
  handleWebhook: WebhookHandler;
  /** De-duplicate → normalize → publish: what every channel hands its envelopes to. */
  ingest: Ingest;
  /** The long-connection client (FEISHU_EVENT_MODE=long-connection), already started. */
  longConnection?: LongConnectionClient;
  /** Resolves when the bus works (and the long connection was established); rejects naming what does not. */
  ready(): Promise<void>;
  /** Closes the long connection first (no event arrives on a closed bus), then the bus. */
  close(): Promise<void>;
}

export function createEventRuntime({ config, appId, feishu, redis, logger, longConnection: lcOptions, onOutcome }: EventRuntimeOptions): EventRuntime {
  if (config.redis.url && !redis) throw new Error('REDIS_URL is set: the event runtime needs the Redis connection (it never falls back to memory)');
  const bus: Bus = redis
    ? redisBus({ publishClient: redis, subscribeClient: subscriberOf(redis), keyPrefix: config.redis.keyPrefix })
    : memoryBus();
  const dedupe = redis ? redisDedupe(redis, config.redis.keyPrefix) : memoryDedupe();
  const subscriptions = createDriveSubscriptions(feishu, logger);
  const ingest = createIngest({ appId, dedupe, bus, logger, onOutcome });
  const handleWebhook = createWebhookReceiver({
    encryptKey: config.events.encryptKey,
    verificationToken: config.events.verificationToken,
    maxSkewS: config.events.webhookMaxSkewS,
    ingest,
    logger,
  });
  const longConnection = lcOptions ? createLongConnectionClient({ ...lcOptions, ingest, logger }) : undefined;
  longConnection?.start();
  return {
    services: { bus, ensureSubscribed: (appToken) => subscriptions.ensureSubscribed(appToken) },
    handleWebhook,
    ingest,
    longConnection,
    ready: async () => {
      await Promise.all([bus.ready(), longConnection?.ready()]);
    },
    close: async () => {
      await longConnection?.close();
      await bus.close();
    },
  };
}

/**
 * The subscriber connection: same server and retry strategy, but a SUBSCRIBE issued while Redis
 * is away waits for the reconnect (no per-request retry limit) instead of failing; ioredis then
 * re-subscribes every channel by itself.
 */
function subscriberOf(redis: Redis): Redis {
  const subscriber = redis.duplicate({ maxRetriesPerRequest: null });
  subscriber.on('error', () => undefined); // reconnect failures: /ready reports the state
  return subscriber;
}

export type { EventServices } from './types.js';
export type { WebhookHandler, WebhookResult, EventsLogger } from './webhook.js';
export type { Ingest, IngestOutcome } from './ingest.js';
export type { LongConnectionClient, LongConnectionStats, TimingOverrides } from './longConnection/index.js';
