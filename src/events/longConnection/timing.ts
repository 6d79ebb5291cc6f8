import type { WsClientConfig } from '../../wire/wsFrames.js';

/**
 * Feishu's ClientConfig (feishu-wire.md §8.1), in seconds, arrives with endpoint discovery and
 * again in every pong; the client follows the latest one. `Timing` is the same in milliseconds,
 * which is what the timers need, with optional overrides that win over Feishu's values: tests
 * shorten the reconnect waits this way (an option of the client, never an env variable: in
 * production Feishu decides, as with its SDKs).
 */

/** The SDKs' defaults when Feishu sends no (or a broken) ClientConfig: 120 s, forever, 120 s, 30 s. */
export const DEFAULT_CLIENT_CONFIG: WsClientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };

export interface Timing {
  pingIntervalMs: number;
  /** Attempts (discovery + dial) after a drop before giving up; -1 = forever. */
  reconnectCount: number;
  /** Wait between two failed attempts. */
  reconnectIntervalMs: number;
  /** Upper bound of the random wait before the first attempt after a drop (spreads replicas out). */
  reconnectNonceMs: number;
}

export type TimingOverrides = Partial<Timing>;

/**
 * A field Feishu sent that is not a usable number falls back to the default: a NaN or negative
 * timer would mean a ping storm or a busy reconnect loop (feishu-wire.md §8.1, gotcha 3). A ping
 * interval of 0 is taken as "default" too, for the same reason.
 */
export function mergeClientConfig(current: WsClientConfig, sent: Partial<Record<keyof WsClientConfig, unknown>> | undefined): WsClientConfig {
  if (!sent) return current;
  const pick = (key: keyof WsClientConfig, ok: (n: number) => boolean) => {
    const v = sent[key];
    return typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : current[key];
  };
  return {
    PingInterval: pick('PingInterval', (n) => n > 0),
    ReconnectCount: pick('ReconnectCount', (n) => Number.isInteger(n) && n >= -1),
    ReconnectInterval: pick('ReconnectInterval', (n) => n >= 0),
    ReconnectNonce: pick('ReconnectNonce', (n) => n >= 0),
  };
}

/**
 * Feishu's ReconnectInterval gets a 1 s floor: 0 would make failed attempts a busy loop of
 * discoveries (the Go SDK's `time.Sleep(0)` gotcha). Overrides are taken as given (tests).
 */
export const MIN_RECONNECT_INTERVAL_MS = 1_000;

export function timingOf(config: WsClientConfig, overrides: TimingOverrides = {}): Timing {
  return {
    pingIntervalMs: overrides.pingIntervalMs ?? config.PingInterval * 1000,
    reconnectCount: overrides.reconnectCount ?? config.ReconnectCount,
    reconnectIntervalMs: overrides.reconnectIntervalMs ?? Math.max(MIN_RECONNECT_INTERVAL_MS, config.ReconnectInterval * 1000),
    reconnectNonceMs: overrides.reconnectNonceMs ?? config.ReconnectNonce * 1000,
  };
}
