import type { Runtime } from '../runtime.js';
import type { EmulatorState, FileSubscription } from '../state.js';
import { userIds, type UserIds } from './people.js';

/**
 * Drive event subscriptions (feishu-wire.md §7.4 "Prerequisite"): a base emits record and field
 * events only while someone subscribed to it. The app subscribes with its tenant token, users
 * with theirs; both live in the state, so they survive a restart with `--data`.
 */

/** Who is subscribing: the app, or a user by open_id. */
export type Subscriber = { kind: 'app' } | { kind: 'user'; openId: string };

const table = (state: EmulatorState) => (state.fileSubscriptions ??= {});

export function isSubscribed(state: EmulatorState, fileToken: string): boolean {
  const s = state.fileSubscriptions?.[fileToken];
  return s !== undefined && (s.app || s.users.length > 0);
}

/** Whether this subscriber (not anyone) holds a subscription to the file. */
export function holds(state: EmulatorState, fileToken: string, who: Subscriber): boolean {
  const s = state.fileSubscriptions?.[fileToken];
  if (!s) return false;
  return who.kind === 'app' ? s.app : s.users.includes(who.openId);
}

/** Subscribing twice is no error: the subscription simply stands. */
export function subscribe(rt: Runtime, fileToken: string, who: Subscriber): void {
  const s: FileSubscription = (table(rt.state)[fileToken] ??= { file_token: fileToken, file_type: 'bitable', app: false, users: [], created_at: rt.now() });
  if (who.kind === 'app') s.app = true;
  else if (!s.users.includes(who.openId)) s.users.push(who.openId);
}

export function unsubscribe(state: EmulatorState, fileToken: string, who: Subscriber): void {
  const s = state.fileSubscriptions?.[fileToken];
  if (!s) return;
  if (who.kind === 'app') s.app = false;
  else s.users = s.users.filter((id) => id !== who.openId);
  if (!s.app && s.users.length === 0) delete table(state)[fileToken];
}

/** `subscriber_id_list` of the file's events: the users who subscribed (the app is no user, so it is not listed). */
export function subscriberIds(rt: Runtime, fileToken: string): UserIds[] {
  return (rt.state.fileSubscriptions?.[fileToken]?.users ?? []).map((id) => userIds(rt, id));
}
