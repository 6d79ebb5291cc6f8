/** Order statistics for the table: each figure is the median of the runs, shown with min and max. */

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The nearest-rank percentile: the smallest sample at or below which `p` % of the samples lie
 * (p99 of 200 samples is the 198th), so a reported p99 is a latency some client really saw.
 */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(xs: number[]): Summary {
  const ok = xs.filter((x) => Number.isFinite(x));
  return { median: median(ok), min: Math.min(...ok), max: Math.max(...ok), runs: ok.length };
}
