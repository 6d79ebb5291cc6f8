import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

export const isMetricsRequest = (req: IncomingMessage): boolean => (req.url ?? '').split('?')[0] === METRICS_PATH;

/**
 * Who may read `/metrics` (API.md, operations contract): with METRICS_TOKEN, whoever sends
 * `Authorization: Bearer <token>`; without it, loopback callers only. A request that came
 * through a proxy (X-Forwarded-For, Forwarded) is not taken for a loopback caller even when the
 * proxy runs on the same host: the proxy's socket is loopback, its client is not.
 */
export function metricsAccess(req: Pick<IncomingMessage, 'headers'> & { socket: { remoteAddress?: string } }, token: string | undefined): 200 | 401 | 403 {
  if (token) return bearerMatches(req.headers.authorization, token) ? 200 : 401;
  const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return !proxied && isLoopback(req.socket.remoteAddress) ? 200 : 403;
}

/** 127.0.0.0/8, ::1, and IPv4 loopback as an IPv4-mapped IPv6 address (a dual-stack listener). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Constant time whatever the input: both sides are hashed first, so neither the token's length
 * nor how much of a prefix matched shows in the time taken.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(m ? m[1].trim() : ''), digest(token)) && m !== null;
}

/** `GET /metrics`, served before yoga: plain text, no GraphQL machinery on the path. */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, metrics: Metrics, token: string | undefined): Promise<void> {
  if (req.method !== 'GET') return send(res, 405, 'GET only\n', { allow: 'GET' });
  const access = metricsAccess(req, token);
  if (access === 401) return send(res, 401, 'a valid Authorization: Bearer <METRICS_TOKEN> is needed\n', { 'www-authenticate': 'Bearer realm="metrics"' });
  if (access === 403) return send(res, 403, 'metrics are served to loopback callers only (set METRICS_TOKEN to allow others)\n');
  send(res, 200, await metrics.render(), { 'content-type': metrics.contentType });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
