import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One API call's events, collected while its handler runs and published only when it succeeds:
 * a refused call emits nothing, and a call that touches many records emits one event. The models
 * (recordModel, fieldModel, im/store) find the open batch through AsyncLocalStorage, so concurrent
 * requests never see each other's batch and code running outside a request (fixtures, reset)
 * emits nothing at all.
 */

/** An event body waiting for its call to finish. */
export interface PendingEvent {
  type: string;
  /** Events with the same key merge: their `action_list`s join (one event per table per call). */
  key: string;
  event: Record<string, unknown>;
  /** Read when the call ends, so the event carries the revision the whole call left behind. */
  revision?: () => number;
}

export class ChangeBatch {
  private readonly pending = new Map<string, PendingEvent>();

  /** `operator`: open_id of whoever made the call (the app's bot for tenant tokens). */
  constructor(readonly operator: string) {}

  add(p: PendingEvent): void {
    const seen = this.pending.get(p.key);
    if (!seen) {
      this.pending.set(p.key, p);
      return;
    }
    const into = seen.event.action_list as unknown[] | undefined;
    const from = p.event.action_list as unknown[] | undefined;
    if (into && from) into.push(...from);
    if (p.event.update_time !== undefined) seen.event.update_time = p.event.update_time;
  }

  /** The call's events in the order their first change happened. */
  take(): { type: string; event: Record<string, unknown> }[] {
    const out = [...this.pending.values()].map((p) => ({ type: p.type, event: p.revision ? { ...p.event, revision: p.revision() } : p.event }));
    this.pending.clear();
    return out;
  }
}

const storage = new AsyncLocalStorage<ChangeBatch>();

/** Runs a route handler with `batch` open for the models to add to. */
export const runInBatch = <T>(batch: ChangeBatch, fn: () => T): T => storage.run(batch, fn);

/** The batch of the call being handled, if any. */
export const currentBatch = (): ChangeBatch | undefined => storage.getStore();

/** Runs `fn` with no batch open: state it builds (a reset's seed data) is no write anyone made. */
export const outsideBatch = <T>(fn: () => T): T => storage.exit(fn);
