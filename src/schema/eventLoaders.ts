import { createHash } from 'node:crypto';
import { contextCacheSymbol, initContextCache } from '@pothos/core';
import type { EventServices } from '../events/types.js';
import type { Context, FeishuHandle, Identity } from './context.js';
import { QuietGate } from './quietGate.js';

/**
 * The loaders shared by every subscription of one identity on this replica (ARCHITECTURE.md,
 * Events: the one exception to per-request loaders), so a thousand subscribers cost what one
 * costs.
 *
 * How: Pothos keeps every loader (bitableLoaders, imLoaders, messageLoaders, its own) in a cache
 * keyed by `ctx[contextCacheSymbol]`. A subscription's context lives as long as the
 * subscription, so left alone its loaders would serve one event's data to the next and each
 * subscriber would load on its own. Instead, when an event's execution starts (the root field's
 * resolve), `enterEvent` points the subscriber's cache key at the cache of (identity, Feishu
 * event): every resolver of that execution, at any depth, then loads through loaders that all
 * subscribers of the identity share for that event, and a DataLoader hit answers the 2nd..Nth
 * subscriber with the 1st one's promise. The domain events one Feishu event fans out to share
 * the cache too, so its 10 records are one `batch_get`. A per-event cache is dropped a few
 * seconds after its last delivery began; the next event has its own, so it reads fresh data.
 * This relies on a subscription executing its events one at a time, which graphql-js (and both
 * transports) do.
 *
 * The shared loads run on an identity-bound Feishu handle that no subscriber's abort signal can
 * cancel (`ctx.feishuFor`); without one they borrow a live subscriber's. Batches leave after a
 * fixed window (`BATCH_WINDOW_MS`) rather than the request's quiet gate, so loads of different
 * subscribers coalesce. A scope with no subscribers left is dropped whole.
 */

/** How long batches wait for the loads of other subscribers (and other actions of one event). */
export const BATCH_WINDOW_MS = 10;
/** How long one event's loads are served from the cache after its last delivery began. */
export const EVENT_CACHE_MS = 5_000;

/** A quiet gate whose batches leave after a fixed window: subscribers run independently, none waits for another's calls. */
class WindowGate extends QuietGate {
  override readonly schedule = (dispatch: () => void): void => {
    setTimeout(dispatch, BATCH_WINDOW_MS);
  };
}

/** Never the token itself: a scope's key is the identity's kind, or a digest of the user token. */
export const identityKey = (identity: Identity): string =>
  identity.kind === 'APP' ? 'app' : `user:${createHash('sha256').update(identity.userAccessToken).digest('hex').slice(0, 32)}`;

/** What a subscriber lends the scope when the gateway gives no identity-bound handle. */
interface Lender {
  feishu: FeishuHandle;
  signal?: AbortSignal;
}

/** Everything shared by the subscriptions of one identity (on one gateway). */
export class IdentityScope {
  subscribers = 0;
  readonly gate = new WindowGate();
  readonly session: FeishuHandle;
  private readonly lenders = new Set<Lender>();
  private readonly events = new Map<string, { ctx: Context; timer: NodeJS.Timeout }>();
  private readonly remembered = new Map<string, { promise: Promise<unknown>; expires: number }>();
  private readonly owned = new Map<string, unknown>();

  constructor(
    readonly identity: Identity,
    private readonly template: Pick<Context, 'batching' | 'events' | 'feishuFor'>,
    first: Lender,
  ) {
    this.lenders.add(first);
    this.session = this.gate.track(template.feishuFor?.(identity) ?? this.borrowed(first.feishu));
  }

  /** The context whose loaders serve `eventId` for this identity (made on first use, dropped after EVENT_CACHE_MS). */
  eventContext(eventId: string): Context {
    const found = this.events.get(eventId);
    // Kept while subscribers still reach it (a burst to many slow clients takes a while), then dropped.
    if (found) {
      found.timer.refresh();
      return found.ctx;
    }
    const ctx: Context = { ...initContextCache(), identity: this.identity, feishu: this.session, batching: this.template.batching, quiet: this.gate, events: this.template.events, feishuFor: this.template.feishuFor };
    const timer = setTimeout(() => this.events.delete(eventId), EVENT_CACHE_MS);
    timer.unref();
    this.events.set(eventId, { ctx, timer });
    return ctx;
  }

  /**
   * `load()`'s promise, shared while in flight and for `ttlMs` after it succeeds (failures are
   * not kept): checks such as "may this identity read the table" cost one call however many
   * subscribers ask.
   */
  remember<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.remembered.get(key);
    if (hit && hit.expires > now) return hit.promise as Promise<T>;
    if (this.remembered.size > 1_000) for (const [k, v] of this.remembered) if (v.expires <= now) this.remembered.delete(k);
    const entry = { promise: load() as Promise<unknown>, expires: Infinity };
    this.remembered.set(key, entry);
    entry.promise.then(
      () => (entry.expires = Date.now() + ttlMs),
      () => this.remembered.get(key) === entry && this.remembered.delete(key),
    );
    return entry.promise as Promise<T>;
  }

  /** One object per name for the scope's lifetime (a membership loader, say). */
  own<T>(name: string, create: () => T): T {
    if (!this.owned.has(name)) this.owned.set(name, create());
    return this.owned.get(name) as T;
  }

  lend(lender: Lender): void {
    this.lenders.add(lender);
  }

  unlend(lender: Lender): void {
    this.lenders.delete(lender);
  }

  dispose(): void {
    for (const { timer } of this.events.values()) clearTimeout(timer);
    this.events.clear();
    this.remembered.clear();
    this.owned.clear();
  }

  /** A handle whose every call goes to a subscriber still connected (the first one, if none is). */
  private borrowed(shape: FeishuHandle): FeishuHandle {
    const pick = (): FeishuHandle => {
      for (const l of this.lenders) if (!l.signal?.aborted) return l.feishu;
      return [...this.lenders].at(-1)?.feishu ?? shape;
    };
    const service = <K extends 'bitable' | 'contact' | 'drive' | 'im' | 'task' | 'messages'>(name: K): FeishuHandle[K] =>
      Object.fromEntries(Object.keys(shape[name]).map((fn) => [fn, (...args: unknown[]) => (pick()[name] as unknown as Record<string, (...a: unknown[]) => unknown>)[fn](...args)])) as FeishuHandle[K];
    return {
      identity: shape.identity,
      request: ((...args: Parameters<FeishuHandle['request']>) => pick().request(...args)) as FeishuHandle['request'],
      bitable: service('bitable'),
      contact: service('contact'),
      drive: service('drive'),
      im: service('im'),
      task: service('task'),
      messages: service('messages'),
    };
  }
}

/** One registry per gateway (its EventServices), so two gateways in one process share nothing. */
const registries = new WeakMap<EventServices, Map<string, IdentityScope>>();
/** The scope a subscription's context joined. */
const joined = new WeakMap<Context, IdentityScope>();

/**
 * Joins the subscription running on `ctx` to its identity's scope. From here on `ctx` reads
 * through the scope's handle; `leave()` (when the subscription ends) drops the scope with its
 * last subscriber. `ctx.events` must be set.
 */
export function joinEventScope(ctx: Context, events: EventServices): { scope: IdentityScope; leave: () => void } {
  let registry = registries.get(events);
  if (!registry) registries.set(events, (registry = new Map()));
  const key = identityKey(ctx.identity);
  const lender: Lender = { feishu: ctx.feishu, signal: ctx.signal };
  let scope = registry.get(key);
  if (scope) scope.lend(lender);
  else registry.set(key, (scope = new IdentityScope(ctx.identity, ctx, lender)));
  scope.subscribers += 1;
  joined.set(ctx, scope);
  ctx.feishu = scope.session;
  ctx.quiet = scope.gate;

  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    scope.unlend(lender);
    scope.subscribers -= 1;
    if (scope.subscribers === 0 && registry.get(key) === scope) {
      registry.delete(key);
      scope.dispose();
    }
  };
  return { scope, leave };
}

/** At the start of one event's execution: every loader `ctx` reaches is now the one shared for (identity, event). */
export function enterEvent(ctx: Context, eventId: string): void {
  const scope = joined.get(ctx);
  if (!scope) return;
  const shared = scope.eventContext(eventId);
  (ctx as Record<typeof contextCacheSymbol, object>)[contextCacheSymbol] = shared[contextCacheSymbol];
}

/** How many identities have subscribers on this gateway (tests check nothing leaks). */
export const activeScopes = (events: EventServices): number => registries.get(events)?.size ?? 0;
