import { describe, expect, it } from 'vitest';
import type { EventServices } from '../../src/events/types.js';
import { createContext, type Context, type FeishuHandle } from '../../src/schema/context.js';
import { activeScopes, enterEvent, identityKey, joinEventScope } from '../../src/schema/eventLoaders.js';
import { bitableLoaders } from '../../src/schema/bitable/loaders.js';

/**
 * The registry of loaders shared per identity (src/schema/eventLoaders.ts), without a server: who
 * shares with whom, what it is keyed by, and that nothing outlives the last subscriber. The
 * end-to-end cost (1 vs 200 subscribers) is in test/server/subscriptions-cost.test.ts.
 */

const events = { bus: {}, ensureSubscribed: async () => undefined } as unknown as EventServices;

/** A Feishu handle whose only working call answers a user lookup and says which handle served it. */
function handle(name: string, calls: string[]): FeishuHandle {
  return {
    identity: { kind: 'app' },
    contact: {
      batchGetUsers: async (p: { userIds: string[] }) => {
        calls.push(name);
        return { items: p.userIds.map((open_id) => ({ open_id, name })) };
      },
    },
    bitable: {},
    drive: {},
    im: {},
    task: {},
    messages: {},
    request: async () => undefined,
  } as unknown as FeishuHandle;
}

const app = (feishu: FeishuHandle, signal?: AbortSignal, feishuFor?: Context['feishuFor']) =>
  createContext({ kind: 'APP', appId: 'cli_x' }, feishu, signal, { events, feishuFor });

describe('shared event loaders', () => {
  it('subscribers of one identity share one loader per event; another event has its own', async () => {
    const calls: string[] = [];
    const a = app(handle('a', calls));
    const b = app(handle('b', calls));
    const ja = joinEventScope(a, events);
    const jb = joinEventScope(b, events);
    expect(ja.scope).toBe(jb.scope);
    enterEvent(a, 'ev1');
    enterEvent(b, 'ev1');
    expect(bitableLoaders(a)).toBe(bitableLoaders(b));
    await Promise.all([bitableLoaders(a).user.load('ou_1'), bitableLoaders(b).user.load('ou_1'), bitableLoaders(b).user.load('ou_2')]);
    expect(calls).toHaveLength(1);
    enterEvent(a, 'ev2');
    expect(bitableLoaders(a)).not.toBe(bitableLoaders(b));
    ja.leave();
    jb.leave();
    expect(activeScopes(events)).toBe(0);
  });

  it("without feishuFor, shared calls go to a subscriber that is still connected", async () => {
    const calls: string[] = [];
    const gone = new AbortController();
    const first = app(handle('first', calls), gone.signal);
    const second = app(handle('second', calls));
    const j1 = joinEventScope(first, events);
    const j2 = joinEventScope(second, events);
    gone.abort();
    j1.leave();
    enterEvent(second, 'ev');
    await bitableLoaders(second).user.load('ou_1');
    expect(calls).toEqual(['second']);
    j2.leave();
  });

  it('with feishuFor, shared calls use the handle it gives, not a subscriber\'s', async () => {
    const calls: string[] = [];
    const ctx = app(handle('subscriber', calls), undefined, () => handle('shared', calls));
    const j = joinEventScope(ctx, events);
    enterEvent(ctx, 'ev');
    await bitableLoaders(ctx).user.load('ou_1');
    expect(calls).toEqual(['shared']);
    j.leave();
  });

  it('users are told apart by a digest of their token, which never appears in the key', () => {
    const alice = identityKey({ kind: 'USER', appId: 'cli_x', userAccessToken: 'u-alice-secret' });
    expect(alice).not.toContain('alice');
    expect(alice).not.toBe(identityKey({ kind: 'USER', appId: 'cli_x', userAccessToken: 'u-bob-secret' }));
    expect(identityKey({ kind: 'APP', appId: 'cli_x' })).toBe('app');
  });
});
