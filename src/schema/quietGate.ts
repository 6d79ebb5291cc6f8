import type { FeishuSession } from '../feishu/index.js';

/**
 * When a request's batched loads are sent (ARCHITECTURE.md, Batching). A fixed few-millisecond
 * window splits loads whose parents arrive at different times (one table's page resolves while
 * another's is still on the wire) into several partial batches. This gate holds the batches
 * until every Feishu call that was already in flight when they formed has settled (those calls
 * carry data of the same depth, whose loads should join), then sends them together. Calls that
 * start together with the batch (a linked table's field list fetched beside its records) are
 * siblings, not awaited: waiting for them would add a round trip. `maxWaitMs` bounds the wait
 * when an earlier call is slow (a throttled one, say).
 */
export class QuietGate {
  /** Start times (performance.now) of the calls in flight. */
  private inflight = new Set<{ startedAt: number }>();
  private waiting: (() => void)[] = [];
  /** When the oldest waiting batch formed. */
  private queuedAt = 0;
  private sentWaiters: (() => void)[] = [];
  private tick: NodeJS.Timeout | undefined;
  private cap: NodeJS.Timeout | undefined;

  constructor(private readonly maxWaitMs = 250) {}

  /** Counts one Feishu call as in flight until it settles. */
  run<T>(call: () => Promise<T>): Promise<T> {
    const entry = { startedAt: performance.now() };
    this.inflight.add(entry);
    return call().finally(() => {
      this.inflight.delete(entry);
      this.settle();
    });
  }

  /** A DataLoader `batchScheduleFn`: dispatch once the request is quiet (or `maxWaitMs` passed). */
  readonly schedule = (dispatch: () => void): void => {
    if (this.waiting.length === 0) this.queuedAt = performance.now();
    this.waiting.push(dispatch);
    this.cap ??= setTimeout(() => this.flush(), this.maxWaitMs);
    this.settle();
  };

  /**
   * Resolves once the batches waiting now have left (at once when none wait). A resolver that
   * queued loads ahead of the executor awaits it, so the calls are on the wire before the
   * executor's long run over the same data starts.
   */
  sent(): Promise<void> {
    if (this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.sentWaiters.push(resolve));
  }

  /** The session with every service call counted. */
  track(session: FeishuSession): FeishuSession {
    const wrap = <S extends object>(service: S): S =>
      Object.fromEntries(Object.entries(service).map(([name, fn]) => [name, typeof fn === 'function' ? (...args: unknown[]) => this.run(() => fn(...args)) : fn])) as S;
    return { identity: session.identity, request: wrap({ request: session.request }).request, bitable: wrap(session.bitable), contact: wrap(session.contact), drive: wrap(session.drive), im: wrap(session.im), task: wrap(session.task), messages: wrap(session.messages) };
  }

  /** True while a call that began before the waiting batches formed (by over 1 ms) is in flight. */
  private earlierCallsPending(): boolean {
    for (const call of this.inflight) if (call.startedAt < this.queuedAt - 1) return true;
    return false;
  }

  /**
   * Nothing earlier in flight: flush after one short timer, so resolvers run on the data that
   * just arrived and their loads join this batch.
   */
  private settle(): void {
    if (this.waiting.length === 0 || this.tick || this.earlierCallsPending()) return;
    this.tick = setTimeout(() => {
      this.tick = undefined;
      if (!this.earlierCallsPending()) this.flush();
    }, 2);
  }

  private flush(): void {
    clearTimeout(this.cap);
    clearTimeout(this.tick);
    this.cap = this.tick = undefined;
    const due = this.waiting;
    const sent = this.sentWaiters;
    this.waiting = [];
    this.sentWaiters = [];
    for (const dispatch of due) dispatch();
    for (const resolve of sent) resolve();
  }
}
