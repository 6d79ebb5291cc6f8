import type { AckResponse } from '../../wire/wsFrames.js';
import type { Ingest } from '../ingest.js';
import { V2Envelope } from '../normalize.js';
import type { EventsLogger } from '../types.js';

/**
 * What the client answers for one complete event payload (feishu-wire.md §8.5-8.6): the plain v2
 * envelope (no encryption or signature on this channel) goes to the shared `ingest`; the ACK says
 * `{"code":200}` once it is published, a duplicate or a type the gateway does not serve, and
 * `{"code":500}` when ingestion failed (Redis away), so that Feishu redelivers it.
 *
 * A payload that is not JSON or not a v2 envelope is acknowledged with 200 and logged: a
 * redelivery would carry the same bytes, so a 500 would only make Feishu retry it four times
 * (normalize.ts makes the same choice for a known type with an unexpected shape).
 */

export interface HandledEvent {
  response: AckResponse;
  /** The event id, when the payload was an envelope. */
  eventId?: string;
  outcome: 'published' | 'duplicate' | 'ignored' | 'failed' | 'unreadable';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function handleEventPayload(payload: Uint8Array, ingest: Ingest, logger?: EventsLogger): Promise<HandledEvent> {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payload));
  } catch {
    logger?.warn?.(`long connection: an event payload of ${payload.length} bytes is not UTF-8 JSON: acknowledged and dropped`);
    return { response: { code: 200 }, outcome: 'unreadable' };
  }
  const envelope = V2Envelope.safeParse(json);
  if (!envelope.success) {
    logger?.warn?.('long connection: an event payload is not a v2 event envelope: acknowledged and dropped');
    return { response: { code: 200 }, outcome: 'unreadable' };
  }
  const eventId = envelope.data.header.event_id;
  try {
    const outcome = await ingest(envelope.data, 'long-connection');
    return { response: { code: outcome === 'failed' ? 500 : 200 }, eventId, outcome };
  } catch (err) {
    logger?.warn?.(`event ${eventId}: ingestion threw: ${(err as Error)?.message ?? String(err)}`);
    return { response: { code: 500 }, eventId, outcome: 'failed' };
  }
}
