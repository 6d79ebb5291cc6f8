import { buildBase, type BenchBase } from './base.js';
import type { EmulatorClient } from './emulator.js';
import { sleep } from './proc.js';

/** What every scenario gets from the runner. */
export interface Ctx {
  emu: EmulatorClient;
  /** Measured runs per figure (`--runs`, 3 by default; 1 with `--quick`). */
  runs: number;
  /** `--quick`: smaller sizes everywhere, for a smoke run. */
  quick: boolean;
  /** The synthetic base of S1/S5, built on first use. */
  base(): Promise<BenchBase>;
  say(msg: string): void;
}

/** The emulator's standing conditions (issue 9: 20 ms of latency, the documented limits). */
export const STANDARD = { latencyMs: 20, rateLimits: 'documented', writeLockMs: 20 } as const;

/**
 * Waits out the rate-limit windows: the emulator's fixed one-second windows and the gateway's
 * sliding ones (1 s + a 100 ms margin). Back-to-back runs would otherwise share a budget, and the
 * second one (or the SDK run, which has no throttle of its own) would pay for the first.
 */
export const windowsReset = () => sleep(1_300);

export function lazyBase(emu: EmulatorClient, say: (m: string) => void): () => Promise<BenchBase> {
  let base: Promise<BenchBase> | undefined;
  return () =>
    (base ??= (async () => {
      const t = Date.now();
      // Setup is not measured: no latency, no limits, no write lock between the chunks.
      await emu.config({ latencyMs: 0, rateLimits: 'off', writeLockMs: 0 });
      const b = await buildBase(emu, { size: 2_000, users: 120, invoiceEvery: 20 });
      await emu.config(STANDARD);
      await emu.clearLog();
      say(`synthetic base: 3 tables x 2,000 records, 120 users, 100 invoices (${Date.now() - t} ms)`);
      return b;
    })());
}
