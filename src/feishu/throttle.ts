/**
 * The per-endpoint throttle that keeps the gateway under Feishu's limits, so callers wait a little
 * instead of meeting 429 / 1254290. Feishu counts per API × app × tenant: a budget is keyed by
 * method and route template (all tables share one `GET …/records` budget), plus a target for
 * per-chat limits. The store behind it is an interface: in memory now, shared in Redis later.
 */

/** At most `limit` calls in any window of `windowMs`. */
export interface Budget {
  key: string;
  limit: number;
  windowMs: number;
}

export type Reservation = { ok: true; waitMs: number } | { ok: false; retryAfterMs: number };

export interface ThrottleStore {
  /**
   * Books the earliest moment, from now on, at which every budget has room for one more call,
   * provided it is at most `maxWaitMs` away: the caller sleeps `waitMs` and then calls. Past
   * `maxWaitMs` nothing is booked and the answer says how long the wait would have been.
   */
  reserve(budgets: readonly Budget[], maxWaitMs: number): Promise<Reservation>;
}

/** EMULATOR.md "Rate limits", as Feishu's pages pin them; `perTarget` is e.g. per chat. */
export const DOCUMENTED_RATES = {
  'bitable.record.read': { perSecond: 20 },
  'bitable.record.write': { perSecond: 10 },
  bitable: { perSecond: 20 },
  contact: { perSecond: 50, perMinute: 1000 },
  // Lark's "Get Temporary Download URL of Media" page: "supports up to 5 queries per second".
  'drive.media.read': { perSecond: 5 },
  'drive.media.upload': { perSecond: 5 },
  'im.send': { perSecond: 50, perMinute: 1000, perTarget: 5 },
  // feishu-wire.md §4.3 (D:获取群信息): chat reads 1000/min & 50/s; feed groups (§4.4) name no
  // limit of their own, so they get the same IM tier.
  'im.chat': { perSecond: 50, perMinute: 1000 },
  'im.feedGroup': { perSecond: 50, perMinute: 1000 },
  // Message reads and changes (D:获取会话历史消息, D:编辑消息: 1000/min & 50/s); card updates
  // also 5 QPS per message (D:更新已发送的消息卡片), their target.
  'im.message': { perSecond: 50, perMinute: 1000, perTarget: 5 },
  // feishu-wire.md §5 (D:上传附件): 10/s; the other attachment pages name none, so the same.
  task: { perSecond: 10 },
} as const satisfies Record<string, { perSecond: number; perMinute?: number; perTarget?: number }>;

export type RateClass = keyof typeof DOCUMENTED_RATES;

/**
 * The budgets one call must fit. `marginMs` widens every window a little: the budget is counted
 * when the gateway sends, Feishu counts when the call arrives, and the two clocks differ by the
 * trip (and by event-loop stalls), so a window of exactly one second could let a call of the next
 * burst land in Feishu's current window.
 */
export function budgetsFor(rate: RateClass, route: string, target: string | undefined, marginMs: number): Budget[] {
  const r: { perSecond: number; perMinute?: number; perTarget?: number } = DOCUMENTED_RATES[rate];
  const budgets: Budget[] = [{ key: `${route} /s`, limit: r.perSecond, windowMs: 1000 + marginMs }];
  if (r.perMinute) budgets.push({ key: `${route} /min`, limit: r.perMinute, windowMs: 60_000 + marginMs });
  if (r.perTarget && target) budgets.push({ key: `${route} ${target} /s`, limit: r.perTarget, windowMs: 1000 + marginMs });
  return budgets;
}

/**
 * A sliding-window log per budget, with future reservations in it: "at most `limit` calls in any
 * `windowMs`" holds for every window, not only for windows aligned to a clock (Feishu's windows
 * start wherever its first call lands). A call that waits for one budget (a busy chat) books
 * only its own moment, so it does not hold back calls that fit now (other chats).
 */
export class MemoryThrottleStore implements ThrottleStore {
  private logs = new Map<string, number[]>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  async reserve(budgets: readonly Budget[], maxWaitMs: number): Promise<Reservation> {
    return this.reserveNow(budgets, maxWaitMs);
  }

  /** The synchronous core: booking happens in one turn of the event loop, so no two calls race. */
  reserveNow(budgets: readonly Budget[], maxWaitMs: number): Reservation {
    const now = this.now();
    const logs = budgets.map((b) => this.prune(b, now));
    let at = now;
    // Each budget proposes its earliest fitting moment at or after `at`; repeat until all agree.
    for (let moved = true; moved; ) {
      moved = false;
      budgets.forEach((b, i) => {
        const t = earliestFit(logs[i], at, b);
        if (t > at) {
          at = t;
          moved = true;
        }
      });
    }
    const waitMs = at - now;
    if (waitMs > maxWaitMs) return { ok: false, retryAfterMs: Math.ceil(waitMs) };
    for (const log of logs) log.splice(upperBound(log, at), 0, at);
    return { ok: true, waitMs };
  }

  private prune(b: Budget, now: number): number[] {
    let log = this.logs.get(b.key);
    if (!log) this.logs.set(b.key, (log = []));
    const stale = upperBound(log, now - b.windowMs);
    if (stale > 0) log.splice(0, stale);
    return log;
  }
}

/** Index of the first entry greater than `t` in a sorted log. */
function upperBound(log: number[], t: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (log[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many entries fall in [from, to). */
function countIn(log: number[], from: number, to: number): number {
  let n = 0;
  for (const e of log) if (e >= from && e < to) n++;
  return n;
}

/**
 * Whether one more call at `t` keeps every window [s, s + W) that contains `t` under the limit.
 * The fullest such window starts at an entry in (t - W, t], or at `t` itself.
 */
function fits(log: number[], t: number, b: Budget): boolean {
  const starts = [t, ...log.filter((e) => e > t - b.windowMs && e <= t)];
  return starts.every((s) => countIn(log, s, s + b.windowMs) < b.limit);
}

/** The first moment at or after `t` where one more call fits; fitting only changes as entries age out. */
function earliestFit(log: number[], t: number, b: Budget): number {
  if (fits(log, t, b)) return t;
  for (const e of log) {
    const candidate = e + b.windowMs;
    if (candidate > t && fits(log, candidate, b)) return candidate;
  }
  return t; // unreachable: past the last entry's window everything fits
}
