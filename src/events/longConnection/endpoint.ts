import { z } from 'zod';
import type { WsClientConfig } from '../../wire/wsFrames.js';
import { LongConnectionError, RETRYABLE_DISCOVERY_CODES } from './errors.js';
import { DEFAULT_CLIENT_CONFIG, mergeClientConfig } from './timing.js';

/**
 * Endpoint discovery (feishu-wire.md §8.1): `POST {FEISHU_BASE_URL}/callback/ws/endpoint` with
 * `{"AppID","AppSecret"}` answers a one-use WebSocket URL and the ClientConfig. Not an
 * `/open-apis` call (no tenant token, no `data` envelope rules, no rate class), so it does not go
 * through src/feishu's client: that client's retries would stack on top of the reconnect loop,
 * which already is the retry policy Feishu prescribes for this call.
 *
 * Classification, as the Go and Python SDKs do it: transport errors, timeouts, a non-200 status,
 * an unreadable body and codes 1 / 1000040343 are retryable; every other non-zero code (514 auth
 * failed, 403, 1000040350 too many connections, …) is fatal. (The node SDK retries only
 * 1000040343, which would make "system busy" fatal: Go/Python's reading is the sensible one.)
 */

export interface DiscoveredEndpoint {
  /** The URL to dial as-is. Carries a one-use ticket: never logged. */
  url: string;
  /** Copied into every frame's `service` (int32 from the URL's `service_id`; 0 when absent). */
  serviceId: number;
  /** The connection's id (`device_id`), safe to log: it identifies, it does not authorize. */
  deviceId: string;
  config: WsClientConfig;
}

export interface DiscoveryOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** The node SDK's timeout is 15 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const ENDPOINT_PATH = '/callback/ws/endpoint';

const Answer = z.looseObject({
  code: z.number(),
  msg: z.string().optional(),
  data: z.looseObject({ URL: z.string().optional(), ClientConfig: z.looseObject({}).nullish() }).nullish(),
});

export async function discoverEndpoint({ baseUrl, appId, appSecret, timeoutMs = 15_000, signal }: DiscoveryOptions): Promise<DiscoveredEndpoint> {
  const target = `${baseUrl.replace(/\/+$/, '')}${ENDPOINT_PATH}`;
  const timeout = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', locale: 'zh', 'user-agent': 'feishu-graphql-gateway' },
      body: JSON.stringify({ AppID: appId, AppSecret: appSecret }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : causeOf(err);
    throw new LongConnectionError(`endpoint discovery failed: ${why}`, false);
  }
  const text = await res.text().catch(() => '');
  if (res.status !== 200) throw new LongConnectionError(`endpoint discovery failed: HTTP ${res.status}`, false);
  let parsed: z.infer<typeof Answer>;
  try {
    parsed = Answer.parse(JSON.parse(text));
  } catch {
    throw new LongConnectionError('endpoint discovery failed: the answer is not {code, msg, data} JSON', false);
  }
  const { code, msg, data } = parsed;
  if (code !== 0) {
    const fatal = !RETRYABLE_DISCOVERY_CODES.has(code);
    throw new LongConnectionError(`endpoint discovery refused: code ${code}${msg ? ` (${msg})` : ''}`, fatal, code);
  }
  return endpointOf(data?.URL, data?.ClientConfig ?? undefined);
}

function endpointOf(url: string | undefined, clientConfig: Record<string, unknown> | undefined): DiscoveredEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    throw new LongConnectionError('endpoint discovery answered code 0 without a usable URL', false);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw new LongConnectionError(`endpoint discovery answered a ${parsed.protocol} URL, not ws: or wss:`, false);
  const service = Number(parsed.searchParams.get('service_id') ?? 0);
  return {
    url: url!, // dialed as-is (feishu-wire.md §8.2), not re-serialized
    serviceId: Number.isInteger(service) ? service : 0,
    deviceId: parsed.searchParams.get('device_id') ?? '',
    config: mergeClientConfig(DEFAULT_CLIENT_CONFIG, clientConfig),
  };
}

/** fetch's TypeError says "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND) is what helps. */
function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}
