import { randomBytes, randomUUID } from 'node:crypto';
import type { ClientRequest } from 'node:http';
import { encryptEvent, eventSignature } from '../../wire/eventCrypto.js';
import { withToken, type EventEnvelope } from './envelope.js';
import type { AttemptResult, EventChannel } from './hub.js';
import { postJson, type PostAnswer } from './httpPost.js';

/**
 * Webhook delivery (feishu-wire.md §7): each event is POSTed as compact JSON to one of the
 * configured URLs, picked at random like Feishu's delivery to one instance. With an encrypt key
 * the body is `{"encrypt": "<AES-256-CBC>"}` and carries `X-Lark-Request-Timestamp` (seconds),
 * `X-Lark-Request-Nonce` and `X-Lark-Signature`. Acknowledged means HTTP 200 within
 * `webhookTimeoutMs`. Bodies are `JSON.stringify` output because the node SDK checks the
 * signature over `JSON.stringify(parsedBody)`, not over the bytes received.
 */

export interface WebhookSettings {
  urls: string[];
  encryptKey?: string;
  verificationToken?: string;
}

export class WebhookChannel implements EventChannel {
  readonly name = 'webhook';
  readonly priority = 1;
  private closed = false;
  private readonly inFlight = new Set<ClientRequest>();

  constructor(
    readonly settings: WebhookSettings,
    private readonly timeoutMs: () => number,
  ) {}

  ready(): boolean {
    return !this.closed;
  }

  async deliver(envelope: EventEnvelope): Promise<AttemptResult> {
    const target = this.settings.urls[Math.floor(Math.random() * this.settings.urls.length)];
    const answer = await this.post(target, withToken(envelope, this.settings.verificationToken ?? ''));
    const ok = answer.status === 200 && answer.error === undefined;
    return { ok, target, ...(answer.status !== undefined ? { status: answer.status } : {}), ...(ok ? {} : { error: answer.error ?? `answered HTTP ${answer.status}` }) };
  }

  /**
   * The check Feishu makes when a request URL is saved in the console: a `url_verification`
   * challenge (encrypted and signed like any event) that must come back as `{"challenge"}` in an
   * HTTP 200 answer. Returns why a URL failed, or undefined when every URL passed.
   */
  async verify(): Promise<string | undefined> {
    for (const url of this.settings.urls) {
      const challenge = randomUUID();
      const answer = await this.post(url, { challenge, token: this.settings.verificationToken ?? '', type: 'url_verification' });
      const why = challengeFailure(answer, challenge);
      if (why) return `url_verification of ${url} failed: ${why}`;
    }
    return undefined;
  }

  close(abort: boolean): void {
    this.closed = true;
    if (!abort) return;
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
  }

  private post(url: string, payload: unknown): Promise<PostAnswer> {
    const plain = JSON.stringify(payload);
    const key = this.settings.encryptKey;
    if (!key) return postJson(url, plain, {}, this.timeoutMs(), this.inFlight);
    const body = JSON.stringify({ encrypt: encryptEvent(plain, key) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    const headers = { 'X-Lark-Request-Timestamp': timestamp, 'X-Lark-Request-Nonce': nonce, 'X-Lark-Signature': eventSignature(timestamp, nonce, key, body) };
    return postJson(url, body, headers, this.timeoutMs(), this.inFlight);
  }
}

function challengeFailure(answer: PostAnswer, challenge: string): string | undefined {
  if (answer.error !== undefined && answer.status === undefined) return answer.error;
  if (answer.status !== 200) return `answered HTTP ${answer.status}`;
  try {
    if (JSON.parse(answer.body ?? '')?.challenge === challenge) return undefined;
  } catch {
    // not JSON: falls through to the refusal below
  }
  return 'the answer did not echo the challenge as {"challenge": "..."}';
}
