import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptEvent } from '../../src/wire/eventCrypto.js';
import type { TestEmulator } from './emulator.js';

/** Helpers for the events suites: a webhook receiver on a free port and the calls that set events up. */

export interface Received {
  headers: IncomingHttpHeaders;
  /** The body as sent. */
  raw: string;
  /** The event or challenge, decrypted when the body was `{"encrypt"}`. */
  payload: any;
  at: number;
}

/** How the receiver answers an event: an HTTP status, or `hang` (never answer). */
export type Answer = number | 'hang';

export interface ReceiverOptions {
  /** Decrypts `{"encrypt"}` bodies with this key. */
  encryptKey?: string;
  /** Answer url_verification with the challenge (default) or with this status and no echo. */
  challenge?: 'echo' | number;
  /** Decides the answer to the n-th event request (0-based); 200 by default. */
  answer?: (r: Received, n: number) => Answer;
}

export interface Receiver {
  url: string;
  /** Event requests (not challenges), in arrival order, attempts included. */
  events: Received[];
  challenges: Received[];
  /** Waits until at least `n` event requests arrived; answers them. */
  waitForEvents(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(opts: ReceiverOptions = {}): Promise<Receiver> {
  const events: Received[] = [];
  const challenges: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      const payload = body.encrypt !== undefined ? JSON.parse(decryptEvent(body.encrypt, opts.encryptKey ?? '')) : body;
      const r: Received = { headers: req.headers, raw, payload, at: Date.now() };
      if (payload.type === 'url_verification') {
        challenges.push(r);
        if (opts.challenge !== undefined && opts.challenge !== 'echo') return void res.writeHead(opts.challenge).end('{}');
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge: payload.challenge }));
      }
      events.push(r);
      const answer = opts.answer?.(r, events.length - 1) ?? 200;
      if (answer !== 'hang') res.writeHead(answer, { 'content-type': 'application/json' }).end('{"msg":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return {
    url,
    events,
    challenges,
    async waitForEvents(n, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} event requests, got ${events.length}: ${JSON.stringify(events.map((e) => e.payload.header?.event_type))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return events;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Points the emulator's webhook at a URL (verification on unless told), failing on anything but 200. */
export async function setWebhook(t: TestEmulator, body: Record<string, unknown>): Promise<any> {
  const res = await t.admin('PUT', '/webhook', body);
  if (res.status !== 200) throw new Error(`PUT /webhook: ${JSON.stringify(res.body)}`);
  return res.body;
}

const DRIVE_FILES = '/open-apis/drive/v1/files';

/** Subscribes to a base's events (tenant token unless a user token is given), failing on a non-zero code. */
export async function subscribeBase(t: TestEmulator, appToken: string, token?: string): Promise<void> {
  const res = await t.call('POST', `${DRIVE_FILES}/${appToken}/subscribe`, { query: { file_type: 'bitable' }, token });
  if (res.body?.code !== 0) throw new Error(`subscribe ${appToken}: ${JSON.stringify(res.body)}`);
}

export const subscriptionPath = (appToken: string, what: 'subscribe' | 'get_subscribe' | 'delete_subscribe') => `${DRIVE_FILES}/${appToken}/${what}`;

/** The delivery log (`GET /__emulator/deliveries`). */
export async function deliveries(t: TestEmulator): Promise<any[]> {
  return (await t.admin('GET', '/deliveries')).body;
}

/** Polls until `check` passes (it throws until then), for state that settles asynchronously. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
