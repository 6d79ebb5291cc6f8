import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Repeater, SlidingBuffer } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { DomainEvent, EventBus } from './types.js';

/**
 * The typed bus between the receiver and the subscriptions: an in-memory EventTarget in one
 * process, or Redis pub/sub (`@graphql-yoga/redis-event-target`) so that an event delivered to
 * one replica reaches the subscribers of every replica.
 *
 * Why not yoga's `createPubSub` as it stands: its subscriptions share ONE `repeaterBuffer`
 * instance between them, and without a buffer a subscriber more than 1024 events behind makes
 * `push` throw inside the event target's listener (an uncaught exception under Node's
 * EventTarget). So each subscription here is the same Repeater over the same event target, with
 * a buffer of its own. And its `publish` drops the Redis PUBLISH promise, while the webhook must
 * know that publishing failed so it can answer non-200 and let Feishu redeliver.
 */
export interface Bus extends EventBus {
  /** Resolves when publishing and subscribing work (always, in memory). */
  ready(): Promise<void>;
  /** Releases what the bus owns (the Redis subscriber connection). */
  close(): Promise<void>;
}

/** Events a subscriber may fall behind by before the oldest are dropped (bounded memory per subscription). */
export const SUBSCRIBER_BUFFER = 10_000;

interface Target {
  addEventListener(type: string, listener: (event: CustomEvent) => void): void;
  removeEventListener(type: string, listener: (event: CustomEvent) => void): void;
}

function subscribeOn(target: Target, channel: string): AsyncIterableIterator<DomainEvent> {
  return new Repeater<DomainEvent>((push, stop) => {
    // A sliding buffer never makes `push` wait or throw; the returned promise is not awaited.
    const listener = (event: CustomEvent) => void push(event.detail as DomainEvent);
    target.addEventListener(channel, listener);
    void stop.then(() => target.removeEventListener(channel, listener));
  }, new SlidingBuffer(SUBSCRIBER_BUFFER));
}

export function memoryBus(): Bus {
  const target = new EventTarget() as unknown as Target & EventTarget;
  // One listener per subscription: thousands on one topic are expected, not a leak.
  setMaxListeners(0, target);
  return {
    publish: async (topic, event) => {
      target.dispatchEvent(new CustomEvent(topic, { detail: event }));
    },
    subscribe: (topic) => subscribeOn(target, topic),
    ready: async () => undefined,
    close: async () => undefined,
  };
}

export interface RedisBusOptions {
  /** A command connection (shared with the rest of the gateway; not closed by the bus). */
  publishClient: Redis;
  /** A connection of its own, in subscriber mode from its first SUBSCRIBE; the bus closes it. */
  subscribeClient: Redis;
  /** REDIS_KEY_PREFIX: channels are `${keyPrefix}bus:${topic}`, so deployments (and tests) sharing a Redis stay apart. */
  keyPrefix: string;
}

export function redisBus({ publishClient, subscribeClient, keyPrefix }: RedisBusOptions): Bus {
  const channel = (topic: string) => `${keyPrefix}bus:${topic}`;
  const target = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient: quietSubscriber(subscribeClient) }) as unknown as Target;
  return {
    publish: async (topic, event) => {
      await publishClient.publish(channel(topic), JSON.stringify(event));
    },
    subscribe: (topic) => subscribeOn(target, channel(topic)),
    ready: async () => {
      await ping(publishClient);
      // The subscriber cannot be pinged like a command connection once it has subscribed; its
      // state says whether it is connected (ioredis re-subscribes its channels on reconnect).
      if (subscribeClient.status !== 'ready') throw new Error(`Redis is unreachable: the event bus subscriber is ${subscribeClient.status}`);
    },
    close: async () => {
      // QUIT would wait in the offline queue for a Redis that is away (no per-request retry
      // limit on this connection): only a connected subscriber says goodbye, then it is cut.
      if (subscribeClient.status === 'ready') await subscribeClient.quit().catch(() => undefined);
      subscribeClient.disconnect();
    },
  };
}

/**
 * The event target calls `subscribe`/`unsubscribe` without handling their promises; while Redis
 * is away, or when the connection closes with commands still queued, those promises reject, and
 * an unhandled rejection would end the process. Readiness reports the connection instead.
 */
function quietSubscriber(client: Redis): Redis {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'subscribe' || prop === 'unsubscribe') {
        return (...channels: string[]) => target[prop](...channels).catch(() => undefined);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function ping(redis: Redis, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } catch (err) {
    throw new Error(`Redis is unreachable: ${(err as Error)?.message ?? String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}
