import type { Dedupe } from './dedupe.js';
import { normalize, topicOf, type V2Envelope } from './normalize.js';
import type { EventBus, EventsLogger } from './types.js';

/**
 * The one way an event gets in, whichever channel carried it (the webhook receiver, the long
 * connection): de-duplicate by event id → normalize → publish on the bus. "At-least-once in,
 * exactly-once out" (ARCHITECTURE.md, Events) holds because both channels share this path and
 * the de-duplication store: a redelivery is dropped whether it comes back by the same channel,
 * another replica, or the other channel.
 *
 * Outcomes: `published`; `duplicate` (seen within 24 h: dropped); `ignored` (an event type the
 * gateway does not serve, no Redis round trip); `failed` (de-duplication or publishing did not
 * finish within the budget, or threw): the id is then forgotten, so Feishu's redelivery of it is
 * not taken for a duplicate. The channel turns `failed` into "not acknowledged" (webhook 503,
 * long-connection ACK `{"code":500}`) so that Feishu redelivers.
 */

export type IngestOutcome = 'published' | 'duplicate' | 'ignored' | 'failed';
export type Ingest = (envelope: V2Envelope, channel?: EventChannel) => Promise<IngestOutcome>;
export type EventChannel = 'webhook' | 'long-connection';

export interface IngestOptions {
  /** The app the gateway serves: events are de-duplicated under it. */
  appId: string;
  dedupe: Dedupe;
  bus: EventBus;
  logger?: EventsLogger;
  /** Feishu waits 3 s for the answer (either channel): de-duplication and publishing get this long (ms). */
  budgetMs?: number;
  /** Told every event's outcome (metrics). */
  onOutcome?: (outcome: IngestOutcome) => void;
}

export function createIngest({ appId, dedupe, bus, logger, budgetMs = 2_500, onOutcome }: IngestOptions): Ingest {
  async function deliver(envelope: V2Envelope): Promise<IngestOutcome> {
    const events = normalize(envelope);
    if (events.length === 0) return 'ignored';
    const eventId = envelope.header.event_id;
    let marked = false;
    let timer: NodeJS.Timeout | undefined;
    const work = (async () => {
      if (!(await dedupe.firstSeen(appId, eventId))) return 'duplicate' as const;
      marked = true;
      for (const event of events) await bus.publish(topicOf(event), event);
      return 'published' as const;
    })();
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), budgetMs);
    });
    try {
      const outcome = await Promise.race([work, timeout]);
      if (outcome !== 'timeout') return outcome;
      logger?.warn?.(`event ${eventId}: not published within ${budgetMs} ms`);
    } catch (err) {
      logger?.warn?.(`event ${eventId}: not published: ${(err as Error)?.message ?? String(err)}`);
    } finally {
      clearTimeout(timer);
    }
    work.catch(() => undefined);
    if (marked) await dedupe.forget(appId, eventId).catch(() => undefined);
    return 'failed';
  }

  return async (envelope, channel) => {
    const outcome = await deliver(envelope);
    onOutcome?.(outcome);
    // One line per event and channel at debug: how operators (and the replica tests) see which
    // replica took an event. Ids and types only, never the body.
    logger?.debug?.(`event ${envelope.header.event_id} (${envelope.header.event_type})${channel ? ` via ${channel}` : ''}: ${outcome}`);
    return outcome;
  };
}
