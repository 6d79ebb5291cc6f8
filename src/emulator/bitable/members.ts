import { ApiError, paramError } from '../errors.js';
import { del, get, post, type Route, type RouteContext } from '../router.js';
import type { Runtime } from '../runtime.js';
import type { Role, RoleMember } from '../state.js';
import { BITABLE, paginate, requireArray } from './common.js';
import { advancedBase, findRole } from './permissions.js';

/** Collaborators of a custom role (seed A45-A49). */

const MEMBER_ID_TYPES = ['open_id', 'union_id', 'user_id', 'chat_id', 'department_id', 'open_department_id'] as const;
type MemberIdType = (typeof MEMBER_ID_TYPES)[number];

/** Seed A47-A49: "MemberExceedLimit ... 限制200个"; list page_size and batch member_list max 100. */
const MEMBER_LIMIT = 200;
const BATCH_MAX = 100;
const MEMBERS_PAGE = { max: 100, def: 100 };

/** The single-member APIs document MemberNotFound at HTTP 404, the batch ones at 400. */
const memberNotFound = (status: number, id: string) => new ApiError(status, 1254048, `MemberNotFound: ${id}`);

function memberIdType(value: unknown, where: string): MemberIdType {
  if (value === undefined || value === null || value === '') return 'open_id';
  if (!MEMBER_ID_TYPES.includes(value as MemberIdType)) throw paramError(`${where} must be one of ${MEMBER_ID_TYPES.join(', ')}, got ${JSON.stringify(value)}`);
  return value as MemberIdType;
}

/**
 * The member an id names, from `state.users` or `state.chats`. The emulator keeps no departments,
 * so department ids never resolve.
 */
function resolveMember(rt: Runtime, id: string, type: MemberIdType, notFoundStatus: number): RoleMember {
  if (type === 'chat_id') {
    const chat = rt.state.chats[id];
    if (!chat) throw memberNotFound(notFoundStatus, id);
    return { member_type: 'chat', id: chat.chat_id, member_name: chat.name, member_en_name: chat.name };
  }
  if (type === 'department_id' || type === 'open_department_id') throw memberNotFound(notFoundStatus, id);
  // Not rt.findUser for open_ids: the app's bot is no user a role can hold.
  const user = type === 'open_id' ? rt.state.users[id] : rt.findUser(id, type);
  if (!user) throw memberNotFound(notFoundStatus, id);
  return { member_type: 'user', id: user.open_id, member_name: user.name, member_en_name: user.en_name };
}

/** The key a member is stored under; open_ids and chat_ids are keys already, even for users since removed. */
function memberKey(rt: Runtime, role: Role, id: string, type: MemberIdType, notFoundStatus: number): string {
  const key = type === 'open_id' || type === 'chat_id' ? id : resolveMember(rt, id, type, notFoundStatus).id;
  if (!role.members[key]) throw memberNotFound(notFoundStatus, id);
  return key;
}

function addMembers(role: Role, members: RoleMember[]): void {
  const after = new Set([...Object.keys(role.members), ...members.map((m) => m.id)]);
  if (after.size > MEMBER_LIMIT) throw new ApiError(400, 1254111, 'MemberExceedLimit');
  // Adding a member twice is harmless: the role simply keeps it.
  for (const m of members) role.members[m.id] ??= m;
}

/** A member as seed A47 lists it: current names, and every id of its kind. */
function renderMember(rt: Runtime, m: RoleMember) {
  if (m.member_type === 'user') {
    const u = rt.state.users[m.id];
    return { member_type: 'user', member_name: u?.name ?? m.member_name, member_en_name: u?.en_name ?? m.member_en_name, open_id: m.id, union_id: u?.union_id ?? '', user_id: u?.user_id ?? '' };
  }
  if (m.member_type === 'chat') {
    const name = rt.state.chats[m.id]?.name ?? m.member_name;
    return { member_type: 'chat', member_name: name, member_en_name: name, chat_id: m.id };
  }
  return { member_type: 'department', member_name: m.member_name, member_en_name: m.member_en_name, open_department_id: m.id };
}

/** Seed A45/A46 `member_list`: 1-100 `{type?, id}`. */
function memberList(ctx: RouteContext): { id: string; type: MemberIdType }[] {
  return requireArray(ctx.body, 'member_list', { min: 1, max: BATCH_MAX }).map((m: any, i) => {
    if (typeof m?.id !== 'string' || m.id === '') throw paramError(`member_list[${i}].id is required`);
    return { id: m.id, type: memberIdType(m.type, `member_list[${i}].type`) };
  });
}

/** The role named by `:role_id` in an advanced base. */
function roleOf(ctx: RouteContext, missingBaseStatus?: number): Role {
  return findRole(advancedBase(ctx, missingBaseStatus), ctx.params.role_id);
}

const MEMBERS = `${BITABLE}/apps/:app_token/roles/:role_id/members`;

export const memberRoutes: Route[] = [
  get(MEMBERS, 'tenant-or-user', (ctx) => {
    const page = paginate(ctx, Object.values(roleOf(ctx).members), MEMBERS_PAGE);
    return { items: page.items.map((m) => renderMember(ctx.rt, m)), page_token: page.page_token, total: page.total, has_more: page.has_more };
  }),

  post(MEMBERS, 'tenant-or-user', (ctx) => {
    const role = roleOf(ctx);
    const id = ctx.body?.member_id;
    if (typeof id !== 'string' || id === '') throw paramError('member_id is required');
    addMembers(role, [resolveMember(ctx.rt, id, memberIdType(ctx.query.get('member_id_type'), 'member_id_type'), 404)]);
    return {};
  }),

  // Batches are all or nothing: one unknown member fails the call and changes nothing.
  post(`${MEMBERS}/batch_create`, 'tenant-or-user', (ctx) => {
    const role = roleOf(ctx, 404);
    addMembers(role, memberList(ctx).map((m) => resolveMember(ctx.rt, m.id, m.type, 400)));
    return {};
  }),

  post(`${MEMBERS}/batch_delete`, 'tenant-or-user', (ctx) => {
    const role = roleOf(ctx, 404);
    for (const key of memberList(ctx).map((m) => memberKey(ctx.rt, role, m.id, m.type, 400))) delete role.members[key];
    return {};
  }),

  del(`${MEMBERS}/:member_id`, 'tenant-or-user', (ctx) => {
    const role = roleOf(ctx);
    delete role.members[memberKey(ctx.rt, role, ctx.params.member_id, memberIdType(ctx.query.get('member_id_type'), 'member_id_type'), 404)];
    return {};
  }),
];
