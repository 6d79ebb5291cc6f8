import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LongConnections } from './longConnections.js';

/**
 * HTTP upgrades on the emulator's port: `/ws/v2` (the path of discovered URLs) is the long
 * connection; anything else is answered 404 JSON, like unknown routes. A refused handshake is a
 * plain HTTP answer with `Handshake-Status`, `Handshake-Msg` and `Handshake-Autherrcode`
 * (feishu-wire.md §8.2): Go and Python read them to tell fatal refusals from retryable ones.
 */

export const LONG_CONNECTION_PATH = '/ws/v2';

export function handleUpgrade(channel: LongConnections, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  const url = new URL(req.url ?? '/', 'http://emulator');
  if (url.pathname !== LONG_CONNECTION_PATH) return answer(socket, 404, {}, { code: 404, msg: `404 page not found: ${url.pathname}` });
  const refusal = channel.upgrade(req, socket, head, url.searchParams);
  if (!refusal) return;
  const headers = { 'Handshake-Status': String(refusal.status), 'Handshake-Msg': refusal.msg, 'Handshake-Autherrcode': String(refusal.authErrCode) };
  answer(socket, refusal.httpStatus, headers, { code: refusal.authErrCode, msg: refusal.msg });
}

function answer(socket: Duplex, status: number, headers: Record<string, string>, body: unknown): void {
  if (!socket.writable) return void socket.destroy();
  const text = JSON.stringify(body);
  const lines = Object.entries({ ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), connection: 'close' }).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('')}\r\n${text}`);
}
