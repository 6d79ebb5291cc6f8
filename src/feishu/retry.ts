import { setTimeout as sleepFor } from 'node:timers/promises';
import type { FeishuError } from './errors.js';

export interface RetryOptions {
  /** HTTP attempts per call, the first included (a token refresh retry comes on top). */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles each time, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Extra attempts after 1254291 (another write held the table): the refusal proves nothing was
   * written, and the queue makes it rare, so it gets its own, larger allowance.
   */
  maxConflictRetries: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000, maxConflictRetries: 8 };

/** Bitable's "another write is running on this table": refused unprocessed, safe to repeat. */
export const WRITE_CONFLICT = 1254291;

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so replicas that
 * failed together do not come back together, and the wait never collapses to zero.
 * `failedAttempt` is 1 for the first failure.
 */
export function backoffMs(o: RetryOptions, failedAttempt: number, random: () => number = Math.random): number {
  const step = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (failedAttempt - 1));
  return step / 2 + (step / 2) * random();
}

/**
 * Whether a failure may be repeated: rate limits and transient failures, but for a call that is
 * not idempotent only when the answer proves nothing was done (a rate-limit refusal, or a
 * connection that never opened).
 */
export function isRetryable(err: FeishuError, idempotent: boolean): boolean {
  if (err.kind === 'rate-limited') return true;
  if (err.kind !== 'transient') return false;
  return idempotent || err.notSent;
}

/** Seconds in `x-ogw-ratelimit-reset` (Feishu) or `retry-after` (generic), as milliseconds. */
export function retryAfterHeaderMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  for (const name of ['x-ogw-ratelimit-reset', 'retry-after']) {
    const raw = headers[name];
    const value = Number(Array.isArray(raw) ? raw[0] : raw);
    if (raw !== undefined && Number.isFinite(value) && value >= 0) return value * 1000;
  }
  return undefined;
}

/** Sleeps, rejecting with the signal's reason if it aborts first. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) {
    if (signal?.aborted) throw signal.reason;
    return;
  }
  try {
    await sleepFor(ms, undefined, { signal });
  } catch (err) {
    throw signal?.aborted ? signal.reason : err;
  }
}
