import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { decryptEvent, eventSignature, signatureMatches } from '../wire/eventCrypto.js';
import type { Ingest } from './ingest.js';
import { V2Envelope } from './normalize.js';
import type { EventsLogger } from './types.js';

/**
 * `POST /webhook/event` without a framework: raw body and headers in, status and JSON out
 * (feishu-wire.md §7; ARCHITECTURE.md, Events). The order of the checks:
 *   1. garbage is 400: not JSON, not `{"encrypt": "…"}` when FEISHU_ENCRYPT_KEY is set (Feishu
 *      encrypts everything once a key is configured), undecryptable, or not an envelope;
 *   2. a URL-verification challenge is answered once its token matches (Feishu's SDKs skip the
 *      signature for challenges; a signature that is sent anyway must match);
 *   3. an event needs, when FEISHU_ENCRYPT_KEY is set, the three signature headers, a timestamp
 *      within WEBHOOK_MAX_SKEW_S, and a signature over the RAW body (401 otherwise); and the
 *      verification token when FEISHU_VERIFICATION_TOKEN is set (401);
 *   4. the envelope goes to `ingest` (ingest.ts, shared with the long connection): an event id
 *      seen in the last 24 h is acknowledged (200) and dropped; the rest is normalized,
 *      published, and acknowledged with 200 `{"msg":"success"}`.
 * If de-duplication or publishing fails (Redis away), the answer is 503 and the id is forgotten,
 * so Feishu's redelivery gets another chance. Nothing here logs a body, a key or a token.
 */

export interface WebhookResult {
  status: number;
  body: Record<string, unknown>;
}

export type WebhookHeaders = Record<string, string | string[] | undefined>;
export type WebhookHandler = (rawBody: Buffer, headers: WebhookHeaders) => Promise<WebhookResult>;

export type { EventsLogger };

export interface WebhookOptions {
  encryptKey?: string;
  verificationToken?: string;
  /** Largest accepted distance between X-Lark-Request-Timestamp and now, in seconds; 0 turns the check off. */
  maxSkewS: number;
  /** De-duplication, normalization and publishing (ingest.ts), within Feishu's 3 s. */
  ingest: Ingest;
  logger?: EventsLogger;
  now?: () => number;
}

const Challenge = z.looseObject({ type: z.literal('url_verification'), challenge: z.string(), token: z.string().optional() });
/** The legacy (v1) envelope: acknowledged, never published (the gateway's events are all v2). */
const V1Envelope = z.looseObject({ type: z.literal('event_callback'), uuid: z.string(), token: z.string().optional(), event: z.looseObject({}) });

const answer = (status: number, msg: string): WebhookResult => ({ status, body: { msg } });
const SUCCESS = (): WebhookResult => answer(200, 'success');

const header = (headers: WebhookHeaders, name: string): string | undefined => {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
};

/** Constant-time equality of two secrets of any length (hashing first evens the lengths). */
const sameSecret = (a: string | undefined, b: string) =>
  a !== undefined && timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

export function createWebhookReceiver(opts: WebhookOptions): WebhookHandler {
  const { encryptKey, verificationToken, maxSkewS, ingest, logger, now = Date.now } = opts;
  const refuse = (status: 400 | 401, reason: string) => {
    logger?.warn?.(`webhook refused (${status}): ${reason}`);
    return answer(status, reason);
  };

  /** The plaintext envelope, or the 400 that says why there is none. */
  function open(rawBody: Buffer): { json: unknown } | WebhookResult {
    let outer: unknown;
    try {
      outer = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return refuse(400, 'the body is not JSON');
    }
    const encrypted = typeof outer === 'object' && outer !== null && typeof (outer as { encrypt?: unknown }).encrypt === 'string' ? (outer as { encrypt: string }).encrypt : undefined;
    if (!encryptKey) return encrypted === undefined ? { json: outer } : refuse(400, 'the body is encrypted but FEISHU_ENCRYPT_KEY is not set');
    if (encrypted === undefined) return refuse(400, 'expected an encrypted body {"encrypt": "…"}: FEISHU_ENCRYPT_KEY is set');
    try {
      return { json: JSON.parse(decryptEvent(encrypted, encryptKey)) };
    } catch {
      return refuse(400, 'the body does not decrypt with FEISHU_ENCRYPT_KEY to JSON');
    }
  }

  /** null when the signature headers pass (or are absent and not `required`), else the 401. */
  function checkSignature(rawBody: Buffer, headers: WebhookHeaders, required: boolean): WebhookResult | null {
    if (!encryptKey) return null;
    const timestamp = header(headers, 'x-lark-request-timestamp');
    const nonce = header(headers, 'x-lark-request-nonce');
    const signature = header(headers, 'x-lark-signature');
    if (!timestamp || !nonce || !signature) return required ? refuse(401, 'missing X-Lark-Signature, X-Lark-Request-Timestamp or X-Lark-Request-Nonce') : null;
    if (maxSkewS > 0) {
      const sentS = Number(timestamp);
      if (!/^\d+$/.test(timestamp) || Math.abs(now() / 1000 - sentS) > maxSkewS) return refuse(401, `X-Lark-Request-Timestamp is more than WEBHOOK_MAX_SKEW_S (${maxSkewS} s) away from now`);
    }
    if (!signatureMatches(signature, eventSignature(timestamp, nonce, encryptKey, rawBody))) return refuse(401, 'X-Lark-Signature does not match');
    return null;
  }

  const tokenRefused = (token: string | undefined) => (verificationToken && !sameSecret(token, verificationToken) ? refuse(401, 'the verification token does not match') : null);

  return async (rawBody, headers) => {
    const opened = open(rawBody);
    if ('status' in opened) return opened;
    const { json } = opened;

    const challenge = Challenge.safeParse(json);
    if (challenge.success) {
      const refused = checkSignature(rawBody, headers, false) ?? tokenRefused(challenge.data.token);
      return refused ?? { status: 200, body: { challenge: challenge.data.challenge } };
    }

    const v2 = V2Envelope.safeParse(json);
    const v1 = v2.success ? undefined : V1Envelope.safeParse(json);
    if (!v2.success && !v1?.success) return refuse(400, 'not a Feishu event envelope');
    const refused = checkSignature(rawBody, headers, true) ?? tokenRefused(v2.success ? v2.data.header.token : v1?.data?.token);
    if (refused) return refused;
    if (!v2.success) return SUCCESS();

    const outcome = await ingest(v2.data, 'webhook');
    return outcome === 'failed' ? answer(503, 'the event bus is unavailable; retry later') : SUCCESS();
  };
}
