import { z } from 'zod';

/** Per-route throttle: `"<METHOD> <route template>": {perSecond?, perMinute?}`. */
export const RateLimitTable = z.record(z.string(), z.object({ perSecond: z.number().positive().optional(), perMinute: z.number().positive().optional() }));

/** What `PUT /__emulator/config` may change at run time. */
export const RuntimeConfigPatch = z
  .object({
    latencyMs: z.number().int().min(0),
    rateLimits: z.union([z.literal('off'), z.literal('documented'), RateLimitTable]),
    tokenTtlSeconds: z.number().int().min(1),
    writeLockMs: z.number().int().min(0),
    wsClientConfig: z.object({
      PingInterval: z.number().int().min(1),
      ReconnectCount: z.number().int(),
      ReconnectInterval: z.number().int().min(0),
      ReconnectNonce: z.number().int().min(0),
    }).partial(),
    redeliveryDelaysMs: z.array(z.number().int().min(0)),
    webhookTimeoutMs: z.number().int().min(1),
    wsAckTimeoutMs: z.number().int().min(1),
    wsFragmentBytes: z.number().int().min(1),
  })
  .partial()
  .strict();

export type RuntimeConfigPatch = z.infer<typeof RuntimeConfigPatch>;

export interface RuntimeConfig {
  latencyMs: number;
  rateLimits: 'off' | 'documented' | z.infer<typeof RateLimitTable>;
  tokenTtlSeconds: number;
  writeLockMs: number;
  wsClientConfig: { PingInterval: number; ReconnectCount: number; ReconnectInterval: number; ReconnectNonce: number };
  /** Waits before each redelivery of an event that was not acknowledged (feishu-wire.md §7.1: 15 s, 5 min, 1 h, 6 h). */
  redeliveryDelaysMs: number[];
  /** How long a webhook has to answer HTTP 200 (Feishu: 3 s); tests shorten it. */
  webhookTimeoutMs: number;
  /** How long a long-connection client has to ACK an event frame (Feishu: 3 s); tests shorten it. */
  wsAckTimeoutMs: number;
  /**
   * Largest payload of one long-connection event frame; bigger events are split into fragments.
   * Feishu's real threshold is not documented (feishu-wire.md §11 #9): 16 KiB makes large
   * message and record events fragment, so clients meet fragments in development, not first in
   * production. Tests lower it.
   */
  wsFragmentBytes: number;
}

export const defaultRuntimeConfig = (): RuntimeConfig => ({
  latencyMs: 0,
  rateLimits: 'off',
  tokenTtlSeconds: 7200,
  writeLockMs: 20,
  wsClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 },
  redeliveryDelaysMs: [15_000, 300_000, 3_600_000, 21_600_000],
  webhookTimeoutMs: 3000,
  wsAckTimeoutMs: 3000,
  wsFragmentBytes: 16 * 1024,
});

/** Default app credentials of the emulator (documented in the README; not secrets). */
export const DEFAULT_APP_ID = 'cli_a1b2c3d4e5f60718';
export const DEFAULT_APP_SECRET = 'emulator-app-secret-0123456789ab';
