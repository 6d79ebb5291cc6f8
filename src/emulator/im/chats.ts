import type { UserIdType } from '../bitable/common.js';
import { tenantKeyOf } from '../ids.js';
import { get, post, type Route, type RouteContext } from '../router.js';
import type { Runtime } from '../runtime.js';
import type { Chat } from '../state.js';
import { isMember, speakerOf, type Speaker } from './access.js';
import { chatErrors } from './errors.js';

/**
 * Chats (feishu-wire.md §4.3): `GET /im/v1/chats/:chat_id` (D:获取群信息) and `POST
 * /im/v1/chats/batch_query` (<= 50 ids, CLI). A caller outside a chat gets only its name, avatar,
 * member count and status from get, and nothing from batch_query (unresolvable ids are left out).
 * The emulator keeps no chat settings: permissions answer Feishu's defaults for a new group.
 */

const IM = '/open-apis/im/v1';
const BATCH_MAX = 50;

function idTypeOf(ctx: RouteContext): UserIdType {
  const v = ctx.query.get('user_id_type') || 'open_id';
  if (v !== 'open_id' && v !== 'union_id' && v !== 'user_id') throw chatErrors.invalidParam(`user_id_type ${v} is invalid`);
  return v;
}

function userId(rt: Runtime, openId: string, idType: UserIdType): string {
  const user = rt.findUser(openId);
  return (user && user[idType]) || openId;
}

/** Owner fields: groups owned by a user only (a bot owner and p2p chats leave them out, D:获取群信息). */
function ownerOf(rt: Runtime, chat: Chat, idType: UserIdType) {
  const owner = chat.owner_open_id;
  if (chat.chat_mode === 'p2p' || !owner || owner === rt.bot.open_id) return {};
  return { owner_id_type: idType, owner_id: userId(rt, owner, idType) };
}

const nameOf = (chat: Chat) => (chat.name ? { name: chat.name } : {});

/** The full object of a chat get. */
function chatDetail(rt: Runtime, chat: Chat, idType: UserIdType) {
  const group = chat.chat_mode !== 'p2p';
  return {
    avatar: '',
    ...nameOf(chat),
    description: chat.description,
    i18n_names: {},
    ...(group ? { add_member_permission: 'all_members', share_card_permission: 'allowed', at_all_permission: 'all_members' } : {}),
    edit_permission: 'all_members',
    ...ownerOf(rt, chat, idType),
    user_manager_id_list: [] as string[],
    bot_manager_id_list: [] as string[],
    ...(chat.chat_mode === 'group' ? { group_message_type: 'chat' } : {}),
    chat_mode: chat.chat_mode,
    ...(group
      ? {
          chat_type: 'private',
          chat_tag: 'inner',
          join_message_visibility: 'all_members',
          leave_message_visibility: 'all_members',
          membership_approval: 'no_approval_required',
        }
      : {}),
    moderation_permission: 'all_members',
    external: false,
    tenant_key: tenantKeyOf(rt.appId),
    user_count: String(chat.members.length),
    bot_count: String(chat.bot_member ? 1 : 0),
    restricted_mode_setting: { status: false, screenshot_has_permission_setting: 'all_members', download_has_permission_setting: 'all_members', message_has_permission_setting: 'all_members' },
    urgent_setting: 'all_members',
    video_conference_setting: 'all_members',
    hide_member_count_setting: 'all_members',
    chat_status: 'normal',
  };
}

function getChat(ctx: RouteContext) {
  const idType = idTypeOf(ctx);
  const chat = ctx.rt.state.chats[ctx.params.chat_id];
  if (!chat) throw chatErrors.invalidChatId();
  if (isMember(chat, speakerOf(ctx))) return chatDetail(ctx.rt, chat, idType);
  return { avatar: '', ...nameOf(chat), user_count: String(chat.members.length), chat_status: 'normal' };
}

/** The other side of a p2p chat, as seen by the caller: a user, or the app's bot (by app_id). */
function p2pTarget(rt: Runtime, chat: Chat, who: Speaker, idType: UserIdType) {
  const other = chat.members.find((m) => m !== who.open_id);
  if (who.type === 'user' && chat.bot_member) return { p2p_target_type: 'bot', p2p_target_id: rt.appId };
  return { p2p_target_type: 'user', p2p_target_id: other ? userId(rt, other, idType) : '' };
}

/** One item of batch_query: the chat list's shape (SDK `im.chat.list` items). */
function chatSummary(rt: Runtime, chat: Chat, who: Speaker, idType: UserIdType) {
  return {
    chat_id: chat.chat_id,
    avatar: '',
    name: chat.chat_mode === 'p2p' ? '' : chat.name,
    description: chat.description,
    ...ownerOf(rt, chat, idType),
    external: false,
    tenant_key: tenantKeyOf(rt.appId),
    labels: [] as string[],
    chat_status: 'normal',
    chat_mode: chat.chat_mode,
    ...(chat.chat_mode === 'p2p' ? p2pTarget(rt, chat, who, idType) : {}),
  };
}

function batchQuery(ctx: RouteContext) {
  const idType = idTypeOf(ctx);
  const ids = ctx.body?.chat_ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) throw chatErrors.invalidParam('chat_ids must be a non-empty array of chat ids');
  if (ids.length > BATCH_MAX) throw chatErrors.invalidParam(`at most ${BATCH_MAX} chat_ids per call`);
  const who = speakerOf(ctx);
  const chats = [...new Set(ids as string[])].map((id) => ctx.rt.state.chats[id]).filter((c): c is Chat => c !== undefined && isMember(c, who));
  return { items: chats.map((c) => chatSummary(ctx.rt, c, who, idType)) };
}

export const chatRoutes: Route[] = [
  get(`${IM}/chats/:chat_id`, 'tenant-or-user', getChat),
  post(`${IM}/chats/batch_query`, 'tenant-or-user', batchQuery),
];
