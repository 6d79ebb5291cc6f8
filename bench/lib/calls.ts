import type { LoggedCall } from './emulator.js';

/** Token requests: the gateway and the SDK both cache the tenant token, so measured runs start warm and these are left out. */
export const isToken = (c: LoggedCall) => c.path.includes('/auth/v3/');

/**
 * Calls grouped into sequential waves, as test/server/bitable.ts `waves()` does: a call joins the
 * wave whose time span it starts in, else it starts the next wave. Two waves means "the record
 * page, then everything it names", whatever the number of calls in each.
 */
export function waves(calls: LoggedCall[]): LoggedCall[][] {
  const sorted = [...calls].sort((a, b) => a.at - b.at);
  const out: { end: number; calls: LoggedCall[] }[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.at < last.end) {
      last.calls.push(c);
      last.end = Math.max(last.end, c.at + c.durationMs);
    } else out.push({ end: c.at + c.durationMs, calls: [c] });
  }
  return out.map((w) => w.calls);
}

/** An endpoint's name for counting: method and path with ids replaced (`POST …/tables/:table/records/batch_get`). */
export function endpointOf(c: Pick<LoggedCall, 'method' | 'path'>): string {
  const path = c.path
    .replace(/\/apps\/[^/]+/, '/apps/:app')
    .replace(/\/tables\/tbl[^/]+/, '/tables/:table')
    .replace(/\/files\/[^/]+/, '/files/:file')
    .replace(/^\/open-apis/, '');
  return `${c.method} ${path}`;
}

export function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

/** Answers Feishu gives when a limit is hit: HTTP 429 (99991400) or Bitable's 1254290. */
export const isRateLimited = (c: LoggedCall) => c.status === 429 || c.code === 99991400 || c.code === 1254290;
