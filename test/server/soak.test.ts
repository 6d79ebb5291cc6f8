import { expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.js';

/**
 * Issue 10: the short soak in `npm test`: the gateway and the emulator as child processes, ten
 * seconds of steady mixed load (nested reads, viewer, writes, two subscribers). It asserts that
 * nothing failed, every event reached both subscribers once, and the gateway survived. RSS is
 * reported, with only a generous bound (a leak shows over `npm run soak`'s two minutes, not here).
 */
it('ten seconds of mixed load through the gateway: zero errors, every event once, still alive', async () => {
  const report = await runSoak({ durationS: 10, concurrency: 4, sampleEveryS: 2 });
  console.info(`[soak 10 s] ${JSON.stringify({ operations: report.operations, events: report.events, firstMb: report.firstMb, lastMb: report.lastMb, maxMb: report.maxMb })}`);
  expect(report.errorSamples).toEqual([]);
  expect(report.errors).toBe(0);
  expect(report.alive).toBe(true);
  expect(report.operations['nested read']).toBeGreaterThan(10);
  expect(report.events.missing).toBe(0);
  expect(report.events.duplicated).toBe(0);
  expect(report.rssMb.length).toBeGreaterThanOrEqual(3);
  expect(report.maxMb).toBeLessThan(1536);
}, 120_000);
