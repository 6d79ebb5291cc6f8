import { userIdType, type UserIdType } from './bitable/common.js';
import { ApiError, paramError } from './errors.js';
import { newId, tenantKeyOf } from './ids.js';
import { get, type Route, type RouteContext } from './router.js';
import type { Runtime } from './runtime.js';
import type { EmulatorState, User } from './state.js';

/**
 * Contact users (feishu-wire.md §6) and the signed-in user (`authen/v1/user_info`). The emulator
 * has no departments or HR data: those fields answer empty, in the shape the docs give them.
 */

const CONTACT = '/open-apis/contact/v3';
const MAX_BATCH = 50;

/**
 * A new user in the directory, with fresh ids; the English name defaults to the name. What the
 * admin API and the demo add.
 */
export function addUser(state: EmulatorState, input: { name: string; en_name?: string; email?: string }): User {
  const user: User = {
    open_id: newId.openId(),
    union_id: newId.unionId(),
    user_id: newId.userId(),
    name: input.name,
    en_name: input.en_name ?? input.name,
    email: input.email ?? '',
    avatar_url: '',
  };
  state.users[user.open_id] = user;
  return user;
}

/** Contact users only: the app's bot is an author of writes, not someone in the directory. */
function lookup(rt: Runtime, id: string, idType: UserIdType): User | undefined {
  const user = rt.findUser(id, idType);
  return user === rt.bot ? undefined : user;
}

/** The user object of contact v3 (D:批量获取用户信息), from what the emulator knows of a user. */
function contactUser(u: User) {
  return {
    union_id: u.union_id,
    user_id: u.user_id,
    open_id: u.open_id,
    name: u.name,
    en_name: u.en_name,
    nickname: '',
    email: u.email,
    mobile: '',
    mobile_visible: false,
    gender: 0,
    avatar: { avatar_72: u.avatar_url, avatar_240: u.avatar_url, avatar_640: u.avatar_url, avatar_origin: u.avatar_url },
    status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false },
    department_ids: [] as string[],
    leader_user_id: '',
    city: '',
    country: '',
    work_station: '',
    is_tenant_manager: false,
    employee_no: '',
    employee_type: 1,
    orders: [] as unknown[],
    custom_attrs: [] as unknown[],
    enterprise_email: '',
    job_title: '',
  };
}

const ID_PREFIX: Record<UserIdType, string> = { open_id: 'ou_', union_id: 'on_', user_id: '' };

function batch(ctx: RouteContext) {
  const idType = userIdType(ctx);
  const ids = ctx.query.getAll('user_ids');
  if (ids.length === 0) throw paramError('user_ids is required');
  if (ids.length > MAX_BATCH) throw new ApiError(400, 40001, `invalid parameter: at most ${MAX_BATCH} user_ids per call`);
  // Users the app cannot see are left out of `items` (the doc's note); unknown ids are the same to Feishu.
  const items = [...new Set(ids)].map((id) => lookup(ctx.rt, id, idType)).filter((u): u is User => u !== undefined);
  return { items: items.map(contactUser) };
}

/**
 * One user. An id that cannot be of the given type is 41012 (user id invalid); a well-formed id
 * nobody has is 41050, as Feishu cannot tell it from a user outside the app's contact scope.
 */
function one(ctx: RouteContext) {
  const idType = userIdType(ctx);
  const id = ctx.params.user_id;
  if (!id.startsWith(ID_PREFIX[idType])) throw new ApiError(400, 41012, 'user id invalid error');
  const user = lookup(ctx.rt, id, idType);
  if (!user) throw new ApiError(400, 41050, 'no user authority error');
  return { user: contactUser(user) };
}

/** `authen/v1/user_info`: who a user_access_token belongs to (route auth `user`). */
function userInfo(ctx: RouteContext) {
  if (ctx.identity.kind !== 'user') throw new Error('user_info is routed for user tokens only');
  const u = ctx.identity.user;
  return {
    name: u.name,
    en_name: u.en_name,
    avatar_url: u.avatar_url,
    avatar_thumb: u.avatar_url,
    avatar_middle: u.avatar_url,
    avatar_big: u.avatar_url,
    open_id: u.open_id,
    union_id: u.union_id,
    email: u.email,
    enterprise_email: '',
    user_id: u.user_id,
    mobile: '',
    tenant_key: tenantKeyOf(ctx.rt.appId),
    employee_no: '',
  };
}

export const contactRoutes: Route[] = [
  get(`${CONTACT}/users/batch`, 'tenant-or-user', batch),
  get(`${CONTACT}/users/:user_id`, 'tenant-or-user', one),
  get('/open-apis/authen/v1/user_info', 'user', userInfo),
];
