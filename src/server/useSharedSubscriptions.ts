import { getOperationAST, Kind, locatedError, print, type DocumentNode, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { EventServices } from '../events/types.js';
import type { Context } from '../schema/context.js';
import { identityKey } from '../schema/eventLoaders.js';
import { admitJoiner } from '../schema/subscriptions.js';

/**
 * One execution per (identity, operation): subscribers of one identity whose operation is the
 * same (document, operationName, variables) share ONE subscription stream, run on the first
 * subscriber's context, and every event's result, made once, is handed to each of them. A
 * thousand identical subscribers then cost one execution per event, not a thousand.
 *
 * Below every plugin's `onSubscribeResult`: each SSE subscriber still gets its own envelop
 * wrappers (masking, metrics count every subscriber and every delivery); a graphql-ws subscriber
 * has its results written by its `resultSink` (masked and serialized once per result, counted
 * per subscriber), its wrappers seeing only the stream's end. Never across identities (the key starts with the identity's key, a digest for a
 * user token). A joiner passes the same up-front checks as the first subscriber (its identity may
 * have lost access since: `admitJoiner`), so a refusal reaches only the subscriber it concerns; a
 * stream that ends with an error ends every subscriber of it, all of whom ran it as that
 * identity. A subscriber that leaves detaches alone; the last one ends the shared stream.
 * A joiner may receive an event published just before it joined that the stream had not yet
 * executed (the same latitude a subscription had before: graphql-ws acknowledges nothing).
 */
export function useSharedSubscriptions(): Plugin<Context> {
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const ctx = args.contextValue as Context;
      // Events off: the schema refuses the subscription; nothing to share.
      if (!ctx.events) return;
      const registry = registryOf(ctx.events);
      const key = `${identityKey(ctx.identity)}\n${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${printed(args.document)}`;
      setSubscribeFn((a) => join(registry, key, sinkOf(a.contextValue), () => new SharedStream(registry, key, a.contextValue as Context, rootKey(a.document, a.operationName), () => subscribeFn(a))));
    },
  };
}

/**
 * A subscriber whose transport takes each result of the shared stream directly (graphql-ws,
 * wsFrames.ts), in its context as `resultSink`: the per-result work is then done once for all of
 * them rather than in each subscriber's envelop wrappers and graphql-ws loop, whose iterator
 * yields nothing and only ends (when the stream ends or fails, or the subscriber leaves).
 */
export interface ResultSink {
  write(result: ExecutionResult): void;
  /** After each hand-out: what was written may leave now. */
  flush?(): void;
  /** Called once per result written (the metrics plugin's delivery count). */
  delivered?: () => void;
}

export const sinkOf = (contextValue: unknown): ResultSink | undefined => (contextValue as { resultSink?: ResultSink } | undefined)?.resultSink;

/** Subscribers attached to shared streams on this gateway, and the streams (tests wait on them). */
export function sharedSubscriptions(events: EventServices): { streams: number; subscribers: number } {
  const registry = registries.get(events);
  let subscribers = 0;
  for (const s of registry?.values() ?? []) subscribers += s.taps.size;
  return { streams: registry?.size ?? 0, subscribers };
}

type Result = ExecutionResult;
type Outcome = AsyncIterator<Result> | Result;

/** Events a subscriber may fall behind the shared stream by before its oldest are dropped. */
const TAP_BUFFER = 10_000;

const registries = new WeakMap<EventServices, Map<string, SharedStream>>();
const registryOf = (events: EventServices): Map<string, SharedStream> => {
  let registry = registries.get(events);
  if (!registry) registries.set(events, (registry = new Map()));
  return registry;
};

/** yoga's parser cache hands the same document for the same text: print each once. */
const printedDocs = new WeakMap<DocumentNode, string>();
function printed(document: DocumentNode): string {
  let text = printedDocs.get(document);
  if (text === undefined) printedDocs.set(document, (text = print(document)));
  return text;
}

/** The root field's response key: where a joiner's refusal points, as graphql-js would put it. */
function rootKey(document: DocumentNode, operationName?: string | null): string[] {
  const first = getOperationAST(document, operationName)?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? [first.alias?.value ?? first.name.value] : [];
}

async function join(registry: Map<string, SharedStream>, key: string, sink: ResultSink | undefined, create: () => SharedStream): Promise<Outcome> {
  for (;;) {
    const found = registry.get(key);
    if (!found) {
      const shared = create();
      registry.set(key, shared);
      const outcome = await shared.started;
      return isIterator(outcome) ? shared.attach(sink) : outcome;
    }
    const outcome = await found.started;
    if (!isIterator(outcome)) {
      // Refused as this identity a moment ago (FORBIDDEN, NOT_FOUND): refused the same way.
      if (registry.get(key) === found) return outcome;
      continue;
    }
    try {
      await admitJoiner(found.ctx);
    } catch (err) {
      return { errors: [locatedError(err, undefined, found.rootPath)] };
    }
    // The stream may have ended while the checks ran: start a new one.
    if (registry.get(key) === found && !found.ended) return found.attach(sink);
  }
}

const isIterator = (o: Outcome): o is AsyncIterator<Result> => isAsyncIterable(o) || typeof (o as AsyncIterator<Result>).next === 'function';

class SharedStream {
  readonly taps = new Set<Tap>();
  readonly started: Promise<Outcome>;
  ended = false;
  private source?: AsyncIterator<Result>;
  private pumping = false;

  constructor(
    private readonly registry: Map<string, SharedStream>,
    private readonly key: string,
    /** The first subscriber's context: the shared stream runs on it. */
    readonly ctx: Context,
    readonly rootPath: string[],
    subscribe: () => unknown,
  ) {
    this.started = (async () => {
      const outcome = (await subscribe()) as Outcome;
      if (isAsyncIterable(outcome)) this.source = (outcome as AsyncIterable<Result>)[Symbol.asyncIterator]();
      else if (isIterator(outcome)) this.source = outcome;
      else this.finish();
      return this.source ?? outcome;
    })();
    this.started.catch(() => this.finish());
  }

  attach(sink?: ResultSink): Tap {
    const tap = new Tap(this, sink);
    this.taps.add(tap);
    if (!this.pumping) {
      this.pumping = true;
      void this.pump();
    }
    return tap;
  }

  detach(tap: Tap): void {
    if (!this.taps.delete(tap) || this.taps.size > 0 || this.ended) return;
    this.finish();
    // Not awaited: a source parked on its next event may settle only then.
    void this.source?.return?.();
  }

  /**
   * Pulls results as fast as they are made and hands them out once per turn of the event loop:
   * the next events execute without waiting behind every subscriber's delivery of the last one
   * (their loads batch), and each subscriber gets an event's results together, so its
   * connection writes them at once (corkedSockets.ts).
   */
  private async pump(): Promise<void> {
    const source = this.source!;
    try {
      for (;;) {
        const step = await source.next();
        if (step.done || this.ended) break;
        if (this.pending.push(step.value) === 1) setImmediate(this.handOut);
      }
      this.finish();
      this.endTaps();
    } catch (err) {
      this.finish();
      this.endTaps(err);
    }
  }

  private pending: Result[] = [];
  private readonly handOut = (): void => {
    const due = this.pending;
    this.pending = [];
    for (const tap of this.taps) {
      for (const value of due) tap.push(value);
      tap.flush();
    }
  };

  /** After what is still to hand out (immediates run in order). */
  private endTaps(error?: unknown): void {
    setImmediate(() => {
      this.handOut();
      for (const tap of this.taps) tap.end(error);
    });
  }

  private finish(): void {
    this.ended = true;
    if (this.registry.get(this.key) === this) this.registry.delete(this.key);
  }
}

/**
 * One subscriber's view of a shared stream: the results since it joined, in order; or, with a
 * sink, written to it as they are handed out, the iterator only telling the stream's end.
 */
class Tap implements AsyncIterableIterator<Result> {
  private queue: Result[] = [];
  private waiter?: { resolve: (r: IteratorResult<Result>) => void; reject: (e: unknown) => void };
  private done = false;
  private failure?: { error: unknown };

  constructor(
    private readonly stream: SharedStream,
    private readonly sink?: ResultSink,
  ) {}

  push(value: Result): void {
    if (this.done) return;
    if (this.sink) return this.sink.write(value);
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ value, done: false });
      return;
    }
    this.queue.push(value);
    if (this.queue.length > TAP_BUFFER) this.queue.shift();
  }

  flush(): void {
    if (!this.done) this.sink?.flush?.();
  }

  /** The shared stream ended (with `error` when it failed): after what is queued, this ends too. */
  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    if (error !== undefined) this.failure = { error };
    if (this.waiter) this.settle();
  }

  next(): Promise<IteratorResult<Result>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.done) {
      const failure = this.failure;
      this.failure = undefined;
      return failure ? Promise.reject(failure.error) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<Result>> {
    this.done = true;
    this.queue = [];
    this.failure = undefined;
    this.stream.detach(this);
    if (this.waiter) this.settle();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<Result>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settle(): void {
    const waiter = this.waiter!;
    this.waiter = undefined;
    const failure = this.failure;
    this.failure = undefined;
    if (failure) waiter.reject(failure.error);
    else waiter.resolve({ value: undefined, done: true });
  }
}
