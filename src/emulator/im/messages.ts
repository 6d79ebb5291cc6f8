import { del, get, patch, post, put, type Route, type RouteContext } from '../router.js';
import type { Chat, Message, User } from '../state.js';
import { requireMember, speakerOf, visibleMessage, type Speaker } from './access.js';
import { isSharedCard } from './cards.js';
import { parseCard, receiveContent } from './content.js';
import { imErrors } from './errors.js';
import { p2pChat } from './p2p.js';
import { getMessage, listMessages, mgetMessages } from './queries.js';
import { storeMessage } from './store.js';
import { sendOnce, uuidOf } from './uuid.js';
import { messageView, RECALLED_CONTENT } from './view.js';

/**
 * IM messages (feishu-wire.md §4.1): send, reply, edit, card update, recall, get, list, mget.
 * Tenant tokens act as the app's bot, user tokens as their user (im/access.ts); every write
 * checks membership of the message's chat first (230002).
 */

const IM = '/open-apis/im/v1';
const RECEIVE_ID_TYPES = ['open_id', 'union_id', 'user_id', 'email', 'chat_id'] as const;
type ReceiveIdType = (typeof RECEIVE_ID_TYPES)[number];
const MAX_EDITS = 20;
const CARD_UPDATE_WINDOW_MS = 14 * 86_400_000;

const bad = imErrors.invalidParam;

function userByReceiveId(ctx: RouteContext, type: Exclude<ReceiveIdType, 'chat_id'>, id: string): User | undefined {
  const { rt } = ctx;
  const user = type === 'email' ? Object.values(rt.state.users).find((u) => u.email !== '' && u.email.toLowerCase() === id.toLowerCase()) : rt.findUser(id, type);
  return user === rt.bot ? undefined : user;
}

/**
 * The chat a send goes to. An id that names nothing (or names the sender) is 230034, whatever its
 * type: the platform cannot tell an unknown id from a mistyped one. Users get their p2p chat with
 * the sender; chats must have the sender as a member (230002).
 */
function targetChat(ctx: RouteContext, who: Speaker): Chat {
  const type = ctx.query.get('receive_id_type') ?? '';
  if (!(RECEIVE_ID_TYPES as readonly string[]).includes(type)) throw bad(`receive_id_type must be one of ${RECEIVE_ID_TYPES.join(', ')}`);
  const id = ctx.body?.receive_id;
  if (typeof id !== 'string' || id === '') throw bad('receive_id is required');
  if (type === 'chat_id') {
    const chat = ctx.rt.state.chats[id];
    if (!chat) throw imErrors.invalidReceiveId();
    requireMember(chat, who);
    return chat;
  }
  const user = userByReceiveId(ctx, type as Exclude<ReceiveIdType, 'chat_id'>, id);
  if (!user || user.open_id === who.open_id) throw imErrors.invalidReceiveId();
  return p2pChat(ctx.rt, who, user);
}

function send(ctx: RouteContext) {
  const who = speakerOf(ctx);
  const body = ctx.body ?? {};
  const uuid = uuidOf(body);
  // Content first: a refused message must not leave a new p2p chat behind.
  receiveContent(ctx.rt, body.msg_type, body.content);
  const chat = targetChat(ctx, who);
  const message = sendOnce(ctx.rt, who, uuid, () => storeMessage(ctx.rt, { chat, sender: who, msg_type: body.msg_type, content: body.content }));
  return messageView(ctx.rt, message);
}

function reply(ctx: RouteContext) {
  const who = speakerOf(ctx);
  const body = ctx.body ?? {};
  const uuid = uuidOf(body);
  const inThread = body.reply_in_thread ?? false;
  if (typeof inThread !== 'boolean') throw bad('reply_in_thread must be a boolean');
  const { message: parent, chat } = visibleMessage(ctx, ctx.params.message_id);
  if (parent.deleted) throw imErrors.recalled();
  const message = sendOnce(ctx.rt, who, uuid, () =>
    storeMessage(ctx.rt, { chat, sender: who, msg_type: body.msg_type, content: body.content, parent, replyInThread: inThread }),
  );
  return messageView(ctx.rt, message);
}

/** A message the caller may change: in a chat they are in, not recalled. */
function liveMessage(ctx: RouteContext): { message: Message; chat: Chat; who: Speaker } {
  const who = speakerOf(ctx);
  const { message, chat } = visibleMessage(ctx, ctx.params.message_id);
  if (message.deleted) throw imErrors.recalled();
  return { message, chat, who };
}

/** Applies new receive-format content to a stored message, as an edit or a card update does. */
function rewrite(ctx: RouteContext, message: Message, content: ReturnType<typeof receiveContent>, msgType: string): void {
  message.msg_type = msgType;
  message.content = content.content;
  if (content.mentions.length > 0) message.mentions = content.mentions;
  else delete message.mentions;
  if (content.card !== undefined) message.card = content.card;
  message.updated = true;
  message.update_time = ctx.rt.now();
}

/** PUT: text and post only, the sender's own messages only, at most 20 times (D:编辑消息). */
function edit(ctx: RouteContext) {
  const { message, who } = liveMessage(ctx);
  if (message.msg_type !== 'text' && message.msg_type !== 'post') throw imErrors.unsupportedType();
  if (message.sender_open_id !== who.open_id) throw imErrors.notSender();
  const msgType = ctx.body?.msg_type;
  if (msgType !== 'text' && msgType !== 'post') throw bad('msg_type must be text or post');
  if ((message.edits ?? 0) >= MAX_EDITS) throw imErrors.editLimit();
  const content = receiveContent(ctx.rt, msgType, ctx.body?.content);
  rewrite(ctx, message, content, msgType);
  message.edits = (message.edits ?? 0) + 1;
  return messageView(ctx.rt, message);
}

/**
 * PATCH: a card update (D:更新已发送的消息卡片): interactive messages the caller sent, within 14
 * days, shared cards only (`update_multi` before and after).
 */
function updateCard(ctx: RouteContext) {
  const { message, who } = liveMessage(ctx);
  if (message.msg_type !== 'interactive') throw imErrors.unsupportedType();
  if (message.sender_open_id !== who.open_id) throw imErrors.noPermission();
  if (ctx.rt.now() - message.create_time > CARD_UPDATE_WINDOW_MS) throw imErrors.tooOld();
  const next = parseCard(ctx.body?.content);
  const before = message.card ? parseCard(message.card) : {};
  if (!isSharedCard(before) || !isSharedCard(next)) throw imErrors.cardFailed('ErrMsg: only shared cards can be updated, set config.update_multi to true');
  rewrite(ctx, message, receiveContent(ctx.rt, 'interactive', ctx.body.content), 'interactive');
  return {};
}

/**
 * DELETE: a recall (D:撤回消息). The sender may recall its own message; the chat's owner (a user,
 * or the bot when it owns the group) anyone's. The content reads as the recalled placeholder.
 */
function recall(ctx: RouteContext) {
  const { message, chat, who } = liveMessage(ctx);
  const isOwner = chat.chat_mode !== 'p2p' && chat.owner_open_id === who.open_id;
  if (message.sender_open_id !== who.open_id && !isOwner) throw imErrors.noRecallPermission();
  message.deleted = true;
  message.content = RECALLED_CONTENT;
  delete message.mentions;
  delete message.card;
  message.update_time = ctx.rt.now();
  return {};
}

export const messageRoutes: Route[] = [
  post(`${IM}/messages`, 'tenant-or-user', send),
  get(`${IM}/messages`, 'tenant-or-user', listMessages),
  get(`${IM}/messages/mget`, 'tenant-or-user', mgetMessages),
  get(`${IM}/messages/:message_id`, 'tenant-or-user', getMessage),
  post(`${IM}/messages/:message_id/reply`, 'tenant-or-user', reply),
  put(`${IM}/messages/:message_id`, 'tenant-or-user', edit),
  patch(`${IM}/messages/:message_id`, 'tenant-or-user', updateCard),
  del(`${IM}/messages/:message_id`, 'tenant-or-user', recall),
];

