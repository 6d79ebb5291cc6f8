import { randomBytes } from 'node:crypto';
import { tenantKeyOf } from '../ids.js';

/**
 * The v2 event envelope (feishu-wire.md §7.1): `{schema: "2.0", header, event}`. `token` is the
 * verification token of the channel that carries the event, so it stays empty here and each
 * delivery fills it in (`withToken`).
 */

export interface EventEnvelope {
  schema: '2.0';
  header: {
    event_id: string;
    event_type: string;
    /** Epoch ms as a string, as in every Feishu sample. */
    create_time: string;
    token: string;
    app_id: string;
    tenant_key: string;
  };
  event: Record<string, unknown>;
}

/**
 * 32 random hex characters (EMULATOR.md "Events"). Straight from crypto, not the emulator's id
 * source, which the demo seeds: event ids must never repeat across starts.
 */
const eventId = () => randomBytes(16).toString('hex');

export function envelopeOf(appId: string, type: string, event: Record<string, unknown>, now: number): EventEnvelope {
  return {
    schema: '2.0',
    header: { event_id: eventId(), event_type: type, create_time: String(now), token: '', app_id: appId, tenant_key: tenantKeyOf(appId) },
    event,
  };
}

export const withToken = (e: EventEnvelope, token: string): EventEnvelope => ({ ...e, header: { ...e.header, token } });
