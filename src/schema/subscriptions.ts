import { FixedBuffer, Repeater } from 'graphql-yoga';
import type { DomainEvent, EventServices } from '../events/types.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { gatewayError } from './errors.js';
import { asGraphQLError } from './eventAccess.js';
import { joinEventScope, type IdentityScope } from './eventLoaders.js';

/**
 * The Subscription root (API.md, Subscription) and what its fields share: the events service,
 * the subscriber's place in its identity's shared scope (eventLoaders.ts), and the stream from a
 * bus topic, filtered on this replica. The fields live beside their types
 * (bitable/recordChanged.ts, bitable/fieldChanged.ts, im/messageReceived.ts).
 */
builder.subscriptionType({});

/**
 * The events service, or UPSTREAM_UNAVAILABLE when the gateway runs without events
 * (`FEISHU_EVENT_MODE=off`): nothing would ever be delivered, so the subscription is refused at
 * once rather than left silent.
 */
export function requireEvents(ctx: Context): EventServices {
  if (!ctx.events) {
    throw gatewayError('UPSTREAM_UNAVAILABLE', 'events are off on this gateway (FEISHU_EVENT_MODE=off): subscriptions deliver nothing', { reason: 'EVENTS_OFF' });
  }
  return ctx.events;
}

/** Per stream context: the checks a subscriber joining that stream must pass (useSharedSubscriptions.ts). */
const admissions = new WeakMap<Context, () => Promise<void>>();

/**
 * Runs the up-front checks of the subscription on `ctx` again, for another subscriber of the
 * same identity and operation who joins its stream: rejects with what would have refused that
 * subscriber on its own (FORBIDDEN, NOT_FOUND, ...). The checks are shared per identity and
 * kept a while (eventAccess.ts), so this mostly costs no call.
 */
export async function admitJoiner(ctx: Context): Promise<void> {
  try {
    await admissions.get(ctx)?.();
  } catch (err) {
    throw asGraphQLError(err);
  }
}

/** Events waiting for a slow client before the bus is held back. */
const BUFFERED_EVENTS = 100;

export interface EventStreamOptions<E extends DomainEvent> {
  /** The narrowest bus topic that covers the arguments. */
  topic: string;
  /** Server-side filter (arguments, and what the identity may see). May wait (a membership check). */
  keep: (event: DomainEvent) => event is E;
  /** Further checks run as the identity; false drops the event, a throw ends the subscription with that error. */
  allow?: (event: E) => boolean | Promise<boolean>;
  /** Called as an event is accepted, before it waits its turn: starts its shared loads early. */
  prefetch?: (event: E) => void;
}

/**
 * A subscription's events. `setup` runs as the subscriber joins its identity's scope (checks
 * that should refuse the subscription throw there, and the scope is left again); the stream ends,
 * and the scope is left, when the client goes away. Events are taken off the bus as they come
 * (so one Feishu event's actions start their loads together), checked, then delivered in order.
 */
export async function eventStream<E extends DomainEvent>(ctx: Context, setup: (scope: IdentityScope, events: EventServices) => Promise<EventStreamOptions<E>>): Promise<AsyncIterable<E>> {
  const events = requireEvents(ctx);
  const { scope, holdEvent, leave } = joinEventScope(ctx, events);
  let options: EventStreamOptions<E>;
  try {
    options = await setup(scope, events);
  } catch (err) {
    leave();
    throw err;
  }
  admissions.set(ctx, async () => void (await setup(scope, events)));
  const { topic, keep, allow, prefetch } = options;
  const stream = new Repeater<E>(async (push, stop) => {
    const source = events.bus.subscribe(topic);
    let open = true;
    void (async () => {
      for await (const event of source) {
        if (!open) break;
        if (!keep(event)) continue;
        if (allow && !(await allow(event))) continue;
        holdEvent(event.eventId);
        prefetch?.(event);
        await push(event);
      }
    })().then(
      () => stop(),
      (err: unknown) => stop(asGraphQLError(err)),
    );
    await stop;
    open = false;
    // Not awaited: a bus iterator parked on its next event may settle only then.
    void source.return?.();
    leave();
  }, new FixedBuffer(BUFFERED_EVENTS));
  // A stream returned before its first event was asked for never runs its executor: leave here too.
  const close = stream.return.bind(stream);
  stream.return = (value?: unknown) => {
    leave();
    return close(value);
  };
  return stream;
}
