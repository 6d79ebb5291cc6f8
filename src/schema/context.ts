import { initContextCache } from '@pothos/core';
import type { EventServices } from '../events/types.js';
import type { FeishuSession } from '../feishu/index.js';
import { QuietGate } from './quietGate.js';

/**
 * Who a request runs as (ARCHITECTURE.md, Identity): the app, authorised by a gateway API key,
 * or a Feishu user, who sends their own user_access_token. Nothing cached for one identity is
 * served to another: loaders live on the per-request context.
 */
export type Identity =
  /** `keyDigest`: the sha256 (hex) of the API key a caller came with; absent for the gateway's own reads. */
  | { kind: 'APP'; appId: string; keyDigest?: string }
  | { kind: 'USER'; appId: string; userAccessToken: string };

/** The Feishu client as resolvers see it: already bound to the request's identity and abort signal. */
export type FeishuHandle = FeishuSession;

export type Context = ReturnType<typeof initContextCache> & {
  identity: Identity;
  feishu: FeishuHandle;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** `GATEWAY_BATCHING=off` makes this false: every loader's batch size becomes 1. */
  batching: boolean;
  /** Sends batched loads when the request has no Feishu call in flight. */
  quiet: QuietGate;
  /** The event bus and drive subscriptions; absent when events are off (`FEISHU_EVENT_MODE=off`). */
  events?: EventServices;
  /**
   * A Feishu handle for an identity that no request's abort signal can cancel: what the reads
   * shared by every subscription of one identity use (eventLoaders.ts). Without it they borrow a
   * live subscriber's handle.
   */
  feishuFor?: (identity: Identity) => FeishuHandle;
  /** Told the size of every DataLoader batch (batchLoader.ts): the gateway's metrics. */
  onBatch?: (loader: string, size: number) => void;
};

export interface ContextOptions {
  batching?: boolean;
  events?: EventServices;
  feishuFor?: (identity: Identity) => FeishuHandle;
  onBatch?: (loader: string, size: number) => void;
}

/**
 * A fresh context for one operation. Pothos keeps its loaders in the context cache
 * (`initContextCache`), keyed by this object, so every operation gets its own loaders.
 */
export function createContext(identity: Identity, feishu: FeishuHandle, signal?: AbortSignal, options: ContextOptions = {}): Context {
  const quiet = new QuietGate();
  return { ...initContextCache(), identity, feishu: quiet.track(feishu), signal, batching: options.batching ?? true, quiet, events: options.events, feishuFor: options.feishuFor, onBatch: options.onBatch };
}

/** The Feishu client's name for an identity. */
export const feishuIdentity = (identity: Identity): FeishuSession['identity'] =>
  identity.kind === 'APP' ? { kind: 'app' } : { kind: 'user', token: identity.userAccessToken };
