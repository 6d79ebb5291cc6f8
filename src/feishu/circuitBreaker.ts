import { FeishuError } from './errors.js';

/**
 * A circuit breaker per Feishu host (the base URL's origin). When the host is down, every call
 * would otherwise cost its full retry budget (attempts x timeouts x backoff) before failing, and
 * every replica would keep hammering a host that is trying to come back.
 *
 * - closed: calls go through. A call that gives up on a transient failure (5xx, a "try again"
 *   code, a reset, a timeout) counts one failure; any answer that proves the host is up (a
 *   success, but also not-found, invalid input, a refused token, a rate limit) resets the count.
 *   `failureThreshold` failures in a row open the circuit.
 * - open: calls fail at once, before the throttle, the token and the socket, until `coolDownMs`
 *   has passed.
 * - half-open: ONE attempt (the probe) goes through, the others still fail fast; its answer
 *   closes the circuit, a transient failure opens it again for another cool-down.
 *
 * Why consecutive calls rather than a failure ratio in a window: a host that is down fails every
 * call, which N in a row catches at any traffic level, with nothing to tune per traffic (a ratio
 * needs a window and a minimum volume). A host failing only some calls is what the retries are
 * for, and successes in between keep the circuit closed. Why calls rather than attempts: the
 * threshold means "N callers got UPSTREAM_UNAVAILABLE in a row" whatever `retry.maxAttempts` is,
 * and a call whose retry succeeded proves the host is up.
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Failed calls in a row that open the circuit (default 5). */
  failureThreshold: number;
  /** How long an open circuit fails fast before letting a probe through (default 10000 ms). */
  coolDownMs: number;
}

export const DEFAULT_CIRCUIT: CircuitBreakerOptions = { failureThreshold: 5, coolDownMs: 10_000 };

/** Why an attempt may not go out now: the circuit is open, or half-open with its probe under way. */
export interface CircuitRefusal {
  state: 'open' | 'half-open';
  /** Until the next probe may go (0 when a probe is under way: its answer decides). */
  retryInMs: number;
  /** Failed calls in a row that opened it. */
  failures: number;
}

/** An attempt allowed through; `probe` when it is the one the half-open circuit waits on. */
export interface CircuitPermit {
  probe: boolean;
}

export interface CircuitBreaker {
  readonly host: string;
  state(): CircuitState;
  /**
   * Would an attempt be refused now? Takes no probe slot (the throttle comes after). `refusing`:
   * the caller fails the call on it (counted as refused).
   */
  refusal(refusing?: boolean): CircuitRefusal | undefined;
  /** Right before an attempt is sent: a permit, or the reason it may not go. */
  admit(): CircuitPermit | CircuitRefusal;
  /** The host answered (anything but a transient failure). */
  answered(permit: CircuitPermit): void;
  /** The attempt failed transiently: reopens at once when it was the probe. */
  attemptFailed(permit: CircuitPermit): void;
  /** The call gave up on a transient failure: one more in a row. */
  callFailed(): void;
  /** The attempt ended without a verdict about the host (aborted by its caller): frees the probe slot. */
  released(permit: CircuitPermit): void;
}

export interface CircuitEvents {
  /** Every change of state (metrics, a log line). */
  onStateChange?(host: string, state: CircuitState, info: { failures: number; coolDownMs: number }): void;
  /** A call refused without being sent. */
  onRefused?(host: string): void;
}

export function createCircuitBreaker(host: string, options: Partial<CircuitBreakerOptions> = {}, events: CircuitEvents = {}, now: () => number = Date.now): CircuitBreaker {
  const { failureThreshold, coolDownMs } = { ...DEFAULT_CIRCUIT, ...options };
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probing = false;

  const become = (next: CircuitState) => {
    if (next === state) return;
    state = next;
    events.onStateChange?.(host, next, { failures, coolDownMs });
  };
  const open = () => {
    openedAt = now();
    probing = false;
    become('open');
  };
  const refusal = (): CircuitRefusal | undefined => {
    if (state === 'closed') return undefined;
    if (state === 'open') {
      const left = openedAt + coolDownMs - now();
      if (left > 0) return { state, retryInMs: left, failures };
      return undefined; // cool-down over: the next attempt may be the probe
    }
    return probing ? { state, retryInMs: 0, failures } : undefined;
  };

  return {
    host,
    state: () => state,
    refusal: (refusing = true) => {
      const r = refusal();
      if (r && refusing) events.onRefused?.(host);
      return r;
    },
    admit() {
      const r = refusal();
      if (r) {
        events.onRefused?.(host);
        return r;
      }
      if (state === 'closed') return { probe: false };
      probing = true;
      become('half-open');
      return { probe: true };
    },
    answered(permit) {
      // Only the probe closes a circuit: a late answer to an attempt sent before it opened says
      // little about the host now.
      if (state === 'closed') failures = 0;
      else if (permit.probe) {
        failures = 0;
        probing = false;
        become('closed');
      }
    },
    attemptFailed(permit) {
      if (permit.probe) open();
    },
    callFailed() {
      if (state !== 'closed') return;
      failures++;
      if (failures >= failureThreshold) open();
    },
    released(permit) {
      if (permit.probe) probing = false;
    },
  };
}

export const isRefusal = (r: CircuitPermit | CircuitRefusal): r is CircuitRefusal => 'state' in r;

/** What a refused call throws: transient (UPSTREAM_UNAVAILABLE), saying the circuit is open and when it probes. */
export function circuitOpenError(host: string, r: CircuitRefusal, call: { endpoint: string; method: string; path: string }): FeishuError {
  const msg =
    r.state === 'open'
      ? `circuit open for ${host} after ${r.failures} failed calls in a row: failing fast without calling Feishu; the next probe goes out in ${Math.ceil(r.retryInMs / 1000)} s`
      : `circuit half-open for ${host}: one probe call is testing whether Feishu is back; failing fast until it answers`;
  return new FeishuError({ kind: 'transient', httpStatus: 0, code: null, msg, logId: null, retryAfterMs: Math.max(1000, r.retryInMs), attempts: 0, circuitOpen: true, ...call });
}

/** One attempt under the circuit: its permit taken (else `refused`), and the circuit told how it went. */
export async function attemptThrough<T>(breaker: CircuitBreaker, send: () => Promise<T>, refused: (r: CircuitRefusal) => Error): Promise<T> {
  const permit = breaker.admit();
  if (isRefusal(permit)) throw refused(permit);
  let data: T;
  try {
    data = await send();
  } catch (err) {
    if (!(err instanceof FeishuError)) breaker.released(permit); // aborted by its caller
    else if (err.hostFailed) breaker.attemptFailed(permit);
    else if (err.httpStatus > 0) breaker.answered(permit); // not-found, invalid, auth, rate limit: the host is up
    else breaker.released(permit);
    throw err;
  }
  breaker.answered(permit);
  return data;
}
