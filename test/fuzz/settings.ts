import type { Parameters } from 'fast-check';

/**
 * fast-check settings of the fuzz suites. Each run draws a fresh seed, so CI explores new inputs
 * every time; a failure prints the seed and the shrunk counterexample's path, and
 * `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/fuzz/<file>` replays it exactly.
 * `FC_RUNS` scales every suite's run count (1 = the default: each file stays a few seconds).
 */
export function fuzzSettings<T>(numRuns: number): Parameters<T> {
  const scale = Number(process.env.FC_RUNS ?? 1) || 1;
  const seed = process.env.FC_SEED === undefined || process.env.FC_SEED === '' ? undefined : Number(process.env.FC_SEED);
  const path = process.env.FC_PATH || undefined;
  return { numRuns: Math.max(1, Math.round(numRuns * scale)), ...(seed === undefined ? {} : { seed }), ...(path ? { path } : {}) };
}
