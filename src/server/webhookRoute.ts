import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YogaLogger } from 'graphql-yoga';
import type { WebhookHandler } from '../events/index.js';

export const WEBHOOK_PATH = '/webhook/event';

/**
 * Feishu's event bodies are small (a message event tops out near 200 KB once encrypted and
 * base64-encoded): a cap of their own, far below MAX_BODY_BYTES, since this route needs no
 * credentials to be reached and reads the whole body before checking its signature.
 */
export const WEBHOOK_MAX_BODY_BYTES = 512 * 1024;

export const isWebhookRequest = (req: IncomingMessage): boolean => (req.url ?? '').split('?')[0] === WEBHOOK_PATH;

/**
 * `POST /webhook/event`, served before yoga: the signature is computed over the raw bytes, which
 * yoga's body parsing would not keep. `handler` is undefined unless FEISHU_EVENT_MODE=webhook.
 */
export async function serveWebhook(req: IncomingMessage, res: ServerResponse, handler: WebhookHandler | undefined, logger: YogaLogger): Promise<void> {
  if (!handler) return send(res, 404, { msg: 'the webhook is off: FEISHU_EVENT_MODE is not webhook' });
  if (req.method !== 'POST') return send(res, 405, { msg: 'POST only' }, { allow: 'POST' });
  if (Number(req.headers['content-length'] ?? 0) > WEBHOOK_MAX_BODY_BYTES) return send(res, 413, { msg: `the body is over ${WEBHOOK_MAX_BODY_BYTES} bytes` }, { connection: 'close' });
  const body = await readCapped(req, WEBHOOK_MAX_BODY_BYTES);
  if (body === 'too-large') return send(res, 413, { msg: `the body is over ${WEBHOOK_MAX_BODY_BYTES} bytes` }, { connection: 'close' });
  if (body === 'aborted') return;
  try {
    const { status, body: answer } = await handler(body, req.headers);
    send(res, status, answer);
  } catch (err) {
    logger.error('webhook failed', err);
    send(res, 500, { msg: 'internal error' });
  }
}

function readCapped(req: IncomingMessage, cap: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        req.removeAllListeners('data');
        req.resume(); // drain without keeping it; the answer closes the connection
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', () => resolve('aborted'));
    req.once('close', () => resolve(req.complete ? Buffer.concat(chunks) : 'aborted'));
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}
