import { createHash } from 'node:crypto';
import { contextCacheSymbol, initContextCache } from '@pothos/core';
import type DataLoader from 'dataloader';
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
 * the cache too, so its 10 records are one `batch_get`. A per-event cache lives while a stream
 * of the identity still holds the event (accepted it and has not yet moved past its execution):
 * a reference count, so a backlog of slow subscribers never finds its event's cache gone and
 * loads again. The next event has its own, so it reads fresh data. This relies on a
 * subscription executing its events one at a time, which graphql-js (and both transports) do.
 *
 * The shared loads run on an identity-bound Feishu handle that no subscriber's abort signal can
 * cancel (`ctx.feishuFor`); without one they borrow a live subscriber's. Batches leave once the
 * turn of the event loop that made them ends (`setImmediate`), not after the request's quiet
 * gate or a timer: the actions of one Feishu event reach the streams together (their loads are
 * started as they are accepted), so they coalesce without waiting, and no subscriber waits for
 * another's calls. A scope with no subscribers left is dropped whole.
 */

/** How long batches of access checks wait for the checks of other subscribers joining at once. */
export const BATCH_WINDOW_MS = 10;

/** A quiet gate whose batches leave at the end of the current turn: loads made together go together, none waits for a timer. */
class TurnGate extends QuietGate {
  override readonly schedule = (dispatch: () => void): void => {
    setImmediate(dispatch);
  };
}

/** The Pothos cache objects of per-event contexts: loaders made in them answer cache hits at once. */
const eventCaches = new WeakSet<object>();

/** Whether `ctx` reads through one event's shared loaders (a per-event context, or a subscriber's inside an event). */
export const isEventContext = (ctx: Context): boolean => eventCaches.has((ctx as Record<typeof contextCacheSymbol, object>)[contextCacheSymbol]);

/**
 * DataLoader answers a cache hit only when its next batch is dispatched (to keep the order of
 * answers), and the scope's gate dispatches at the end of the turn: every action of a Feishu
 * event after the first (whose loads all hit what the first started) would then wait a turn of
 * the event loop per load, behind everything else the turn does (delivering to a thousand
 * subscribers). Here a key loaded before answers with the same promise at once; a new key still
 * goes to the batch.
 */
export function answerHitsAtOnce<K, V>(loader: DataLoader<K, V>): DataLoader<K, V> {
  const memo = new Map<K, Promise<V>>();
  const { load, clear, clearAll, prime } = loader;
  loader.load = (key: K) => {
    let promise = memo.get(key);
    if (!promise) {
      memo.set(key, (promise = load.call(loader, key)));
      promise.catch(() => memo.get(key) === promise && memo.delete(key));
    }
    return promise;
  };
  loader.clear = (key: K) => (memo.delete(key), clear.call(loader, key));
  loader.clearAll = () => (memo.clear(), clearAll.call(loader));
  loader.prime = (key: K, value: V | PromiseLike<V> | Error) => {
    if (!memo.has(key) && !(value instanceof Error)) memo.set(key, Promise.resolve(value));
    return prime.call(loader, key, value);
  };
  return loader;
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
  readonly gate = new TurnGate();
  readonly session: FeishuHandle;
  private readonly lenders = new Set<Lender>();
  /** Per-event contexts and how many stream positions hold each. */
  private readonly events = new Map<string, { ctx: Context; holders: number }>();
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

  /** The context whose loaders serve `eventId` for this identity (made on first use; kept while held). */
  eventContext(eventId: string): Context {
    return (this.events.get(eventId) ?? this.entry(eventId)).ctx;
  }

  /** A stream accepted `eventId`: its cache stays until every holder released it. */
  hold(eventId: string): void {
    (this.events.get(eventId) ?? this.entry(eventId)).holders += 1;
  }

  release(eventId: string): void {
    const found = this.events.get(eventId);
    if (found && --found.holders <= 0) this.events.delete(eventId);
  }

  /** How many events' caches are kept (tests check they go). */
  get heldEvents(): number {
    return this.events.size;
  }

  private entry(eventId: string): { ctx: Context; holders: number } {
    const ctx: Context = { ...initContextCache(), identity: this.identity, feishu: this.session, batching: this.template.batching, quiet: this.gate, events: this.template.events, feishuFor: this.template.feishuFor };
    eventCaches.add(ctx[contextCacheSymbol]);
    const entry = { ctx, holders: 0 };
    this.events.set(eventId, entry);
    return entry;
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
/**
 * A subscription's place in its scope: the events it accepted and has not moved past yet
 * (oldest first; the first is the one executing once `entered`).
 */
interface Member {
  scope: IdentityScope;
  held: string[];
  entered: boolean;
}
/** The membership a subscription's context joined. */
const joined = new WeakMap<Context, Member>();

/**
 * Joins the subscription running on `ctx` to its identity's scope. From here on `ctx` reads
 * through the scope's handle; `holdEvent` keeps an accepted event's cache for it; `leave()`
 * (when the subscription ends) releases what it holds and drops the scope with its last
 * subscriber. `ctx.events` must be set.
 */
export function joinEventScope(ctx: Context, events: EventServices): { scope: IdentityScope; holdEvent: (eventId: string) => void; leave: () => void } {
  let registry = registries.get(events);
  if (!registry) registries.set(events, (registry = new Map()));
  const key = identityKey(ctx.identity);
  const lender: Lender = { feishu: ctx.feishu, signal: ctx.signal };
  let scope = registry.get(key);
  if (scope) scope.lend(lender);
  else registry.set(key, (scope = new IdentityScope(ctx.identity, ctx, lender)));
  scope.subscribers += 1;
  const member: Member = { scope, held: [], entered: false };
  joined.set(ctx, member);
  ctx.feishu = scope.session;
  ctx.quiet = scope.gate;

  let left = false;
  const holdEvent = (eventId: string) => {
    if (left) return;
    member.held.push(eventId);
    scope.hold(eventId);
  };
  const leave = () => {
    if (left) return;
    left = true;
    for (const eventId of member.held.splice(0)) scope.release(eventId);
    scope.unlend(lender);
    scope.subscribers -= 1;
    if (scope.subscribers === 0 && registry.get(key) === scope) {
      registry.delete(key);
      scope.dispose();
    }
  };
  return { scope, holdEvent, leave };
}

/**
 * At the start of one event's execution: every loader `ctx` reaches is now the one shared for
 * (identity, event). Events execute one at a time, so the one before is done: released.
 */
export function enterEvent(ctx: Context, eventId: string): void {
  const member = joined.get(ctx);
  if (!member) return;
  if (member.entered && member.held.length > 0) member.scope.release(member.held.shift()!);
  member.entered = true;
  const shared = member.scope.eventContext(eventId);
  (ctx as Record<typeof contextCacheSymbol, object>)[contextCacheSymbol] = shared[contextCacheSymbol];
}

/** Events whose shared caches are kept for this gateway's subscribers (tests check none leak). */
export function heldEvents(events: EventServices): number {
  let n = 0;
  for (const scope of registries.get(events)?.values() ?? []) n += scope.heldEvents;
  return n;
}

/** How many identities have subscribers on this gateway (tests check nothing leaks). */
export const activeScopes = (events: EventServices): number => registries.get(events)?.size ?? 0;
