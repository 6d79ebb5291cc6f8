import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptEvent } from '../../src/wire/eventCrypto.js';

/**
 * A proxy between the emulator's webhook delivery and the gateway's `/webhook/event`, failing
 * the FIRST delivery of every event id in a chosen way: what a gateway replica that errs, or a
 * load balancer in front of it, shows Feishu. Challenges and later attempts pass through.
 * `fail` (per event's first attempt): `503` answers 503 without forwarding; `lost-ack` forwards,
 * then answers 500 instead of the gateway's 200; `drop` forwards, then destroys the socket.
 */
export type ProxyFailure = '503' | 'lost-ack' | 'drop';

export interface WebhookProxy {
  url: string;
  /** event_id -> attempts seen by the proxy. */
  attempts: Map<string, number>;
  close(): Promise<void>;
}

export async function startWebhookProxy(target: string, encryptKey: string, fail: ProxyFailure): Promise<WebhookProxy> {
  const attempts = new Map<string, number>();
  const forward = async (req: IncomingMessage, body: Buffer) => {
    const res = await fetch(target, { method: 'POST', headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-lark') || k === 'content-type')) as Record<string, string>, body: new Uint8Array(body) });
    return { status: res.status, text: await res.text() };
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    let eventId: string | undefined;
    try {
      const plain = JSON.parse(decryptEvent(JSON.parse(body.toString('utf8')).encrypt, encryptKey));
      eventId = plain?.header?.event_id;
    } catch {
      // not an event we can read: pass it through
    }
    const n = eventId ? (attempts.get(eventId) ?? 0) + 1 : 0;
    if (eventId) attempts.set(eventId, n);
    if (n === 1 && fail === '503') {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"msg":"unavailable"}');
      return;
    }
    const answer = await forward(req, body);
    if (n === 1 && fail === 'lost-ack') res.writeHead(500, { 'content-type': 'application/json' }).end('{"msg":"lost"}');
    else if (n === 1 && fail === 'drop') res.socket?.destroy();
    else res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook/event`,
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
