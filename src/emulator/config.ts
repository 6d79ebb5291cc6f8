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
  redeliveryDelaysMs: number[];
}

export const defaultRuntimeConfig = (): RuntimeConfig => ({
  latencyMs: 0,
  rateLimits: 'off',
  tokenTtlSeconds: 7200,
  writeLockMs: 20,
  wsClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 },
  redeliveryDelaysMs: [15_000, 300_000, 3_600_000, 21_600_000],
});

/** Default app credentials of the emulator (documented in the README; not secrets). */
export const DEFAULT_APP_ID = 'cli_a1b2c3d4e5f60718';
export const DEFAULT_APP_SECRET = 'emulator-app-secret-0123456789ab';
