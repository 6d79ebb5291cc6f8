import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_RETRY, TASKS_PAGE, isRateLimited, isSearch, startResilienceStack, type EmulatorCall, type GqlAnswer, type ResilienceStack } from './resilience-stack.js';

/**
 * Issue 4, end to end: with the emulator enforcing Feishu's documented limits (record reads
 * 20 QPS, answered HTTP 200 + 1254290 past it), the gateway's client throttle keeps a burst of
 * 200 record queries under the limit, so none is refused and all succeed. The control run is the
 * same gateway with the throttle off (`createUpstream({throttle: 'off'})`): the emulator refuses
 * some. Each run has its own emulator, so one run's windows cannot spill into the other's.
 */

const BURST = 200;
const LIMIT_PER_S = 20; // EMULATOR.md: record reads

interface Run {
  answers: GqlAnswer[];
  log: EmulatorCall[];
  tookMs: number;
}

async function burst(s: ResilienceStack): Promise<Run> {
  await s.emulatorConfig({ rateLimits: 'documented' });
  const warm = await s.gql(TASKS_PAGE); // the token, outside the measured burst
  expect(warm.body.errors).toBeUndefined();
  await new Promise((r) => setTimeout(r, 1_100)); // a fresh emulator window for the burst
  await s.clearLog();
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: BURST }, () => s.gql(TASKS_PAGE)));
  const tookMs = Date.now() - started;
  return { answers, log: await s.log(), tookMs };
}

/** The most calls that arrived in any one second: the emulator's judgement, re-checked. */
function busiestSecond(calls: EmulatorCall[]): number {
  const at = calls.map((c) => c.at).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i] - at[j] >= 1_000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const failed = (answers: GqlAnswer[]) => answers.filter((r) => r.body.errors !== undefined);

let throttled: Run;
let control: Run;
let stacks: ResilienceStack[] = [];
beforeAll(async () => {
  const on = await startResilienceStack({ retry: FAST_RETRY });
  const off = await startResilienceStack({ retry: FAST_RETRY, throttle: 'off' });
  stacks = [on, off];
  throttled = await burst(on);
  control = await burst(off);
  // The measured numbers, for the record.
  console.info(
    `throttle on: ${throttled.tookMs} ms, ${throttled.log.filter(isSearch).length} searches, ${throttled.log.filter(isRateLimited).length} refused, busiest second ${busiestSecond(throttled.log.filter(isSearch))}, ${failed(throttled.answers).length} failed; ` +
      `throttle off: ${control.tookMs} ms, ${control.log.filter(isSearch).length} searches, ${control.log.filter(isRateLimited).length} refused, ${failed(control.answers).length} failed`,
  );
}, 60_000);
afterAll(() => Promise.all(stacks.map((s) => s.close())));

describe('resilience: the client throttle under documented rate limits', () => {
  it(`${BURST} concurrent record queries all succeed, and the emulator refuses none`, () => {
    expect(failed(throttled.answers).map((r) => r.body.errors)).toEqual([]);
    for (const r of throttled.answers) expect(r.body.data.app.table.records.edges).toHaveLength(20);
    const searches = throttled.log.filter(isSearch);
    expect(searches).toHaveLength(BURST); // one attempt each: nothing was retried
    expect(throttled.log.filter(isRateLimited)).toEqual([]);
    expect(busiestSecond(searches)).toBeLessThanOrEqual(LIMIT_PER_S);
  });

  it('as fast as the rate allows: about BURST / 20 seconds, not much more', () => {
    const floorMs = (BURST / LIMIT_PER_S - 1) * 1_000; // 20 go at once, then 20 per (1 s + margin)
    expect(throttled.tookMs).toBeGreaterThanOrEqual(floorMs);
    expect(throttled.tookMs).toBeLessThan(floorMs * 1.1 + 2_000 + 2_000);
  });

  it('control run, throttle off: the emulator refuses some with 1254290', () => {
    const refused = control.log.filter(isRateLimited);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((c) => c.status === 200 && c.code === 1254290)).toBe(true);
    // What was not retried away reaches the caller as RATE_LIMITED with a whole-second retryAfter.
    for (const r of failed(control.answers)) {
      const [e] = r.body.errors!;
      expect(e.extensions).toMatchObject({ code: 'RATE_LIMITED', feishu: { code: 1254290 } });
      expect(Number.isInteger(e.extensions.retryAfter) && e.extensions.retryAfter >= 1).toBe(true);
      expect(r.headers.get('retry-after')).toBe(String(e.extensions.retryAfter));
    }
  });
});
