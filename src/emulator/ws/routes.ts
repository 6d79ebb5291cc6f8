import { get, post, Raw, type Route, type RouteContext } from '../router.js';
import { AUTH_FAILED, EXCEED_CONN_LIMIT, MAX_CONNECTIONS } from './longConnections.js';
import { LONG_CONNECTION_PATH } from './upgrade.js';

/**
 * `POST /callback/ws/endpoint` (feishu-wire.md §8.1), and the admin routes of long connections.
 *
 * Discovery answers HTTP 200 with `{code, msg, data}` in every case, and `data` is `{}` on
 * refusals: the node SDK destructures `data.URL` before it looks at `code`, so a refusal without
 * `data` would throw there and be retried forever instead of failing once. Wrong credentials get
 * 514 (auth failed): Feishu's code for a wrong AppSecret is not documented (§11 #11), and 514 is
 * the one among the SDKs' constants that says so; node, Go and Python all stop on it.
 */

function discover(ctx: RouteContext): Raw {
  const { AppID, AppSecret } = (ctx.body ?? {}) as { AppID?: unknown; AppSecret?: unknown };
  if (AppID !== ctx.rt.appId || AppSecret !== ctx.rt.appSecret) {
    return new Raw(200, { code: AUTH_FAILED, msg: 'auth failed: unknown AppID or wrong AppSecret', data: {} });
  }
  const ticket = ctx.rt.longConnections.discover();
  if (ticket === 'limit') {
    return new Raw(200, { code: EXCEED_CONN_LIMIT, msg: `exceeded connection limit: at most ${MAX_CONNECTIONS} long connections per app`, data: {} });
  }
  // `service_id` must not be the first query key: the node SDK runs qs.parse over the whole URL,
  // which folds the first key into `ws://…?device_id`.
  const query = `device_id=${ticket.deviceId}&service_id=${ticket.serviceId}&ticket=${ticket.ticket}`;
  const URL = `${wsOrigin(ctx.rt.publicUrl)}${LONG_CONNECTION_PATH}?${query}`;
  // All four integers, always: the node SDK multiplies them by 1000 (a missing one is a NaN timer).
  const { PingInterval, ReconnectCount, ReconnectInterval, ReconnectNonce } = ctx.rt.config.wsClientConfig;
  return new Raw(200, { code: 0, msg: 'ok', data: { URL, ClientConfig: { PingInterval, ReconnectCount, ReconnectInterval, ReconnectNonce } } });
}

/** `EMULATOR_PUBLIC_URL` (or the listening address) with a WebSocket scheme. */
const wsOrigin = (publicUrl: string) => publicUrl.replace(/\/+$/, '').replace(/^http(s?):/i, (_m, s: string) => `ws${s}:`);

export const longConnectionRoutes: Route[] = [post('/callback/ws/endpoint', 'none', discover)];

export const longConnectionAdminRoutes: Route[] = [
  get('/connections', 'none', (ctx) => ctx.rt.longConnections.list()),
  post('/connections/drop', 'none', (ctx) => ({ dropped: ctx.rt.longConnections.drop() })),
];
