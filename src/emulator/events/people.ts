import type { Runtime } from '../runtime.js';

/**
 * People as events name them: always all three ids in one object (`{open_id, union_id, user_id}`),
 * unlike REST answers, which pick one id by `user_id_type`. The app's bot has only an open_id.
 */

export interface UserIds {
  open_id: string;
  union_id: string;
  user_id: string;
}

export function userIds(rt: Runtime, openId: string): UserIds {
  const u = rt.findUser(openId);
  return { open_id: openId, union_id: u?.union_id ?? '', user_id: u?.user_id ?? '' };
}

/** One entry of a person cell's `field_identity_value.users` (SDK event type). */
export function identityOf(rt: Runtime, openId: string) {
  const u = rt.findUser(openId);
  return { user_id: userIds(rt, openId), name: u?.name ?? '', en_name: u?.en_name ?? '', avatar_url: u?.avatar_url ?? '' };
}
